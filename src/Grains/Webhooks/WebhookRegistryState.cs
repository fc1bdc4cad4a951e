using Live.Webhooks;

namespace Live.Grains.Webhooks;

/// <summary>The registered webhook endpoints with their signing secrets.</summary>
[GenerateSerializer, Alias("Live.WebhookRegistryState")]
public sealed class WebhookRegistryState
{
    [Id(0)] public List<WebhookTarget> Targets { get; set; } = [];
    [Id(1)] public long NextId { get; set; }
}
