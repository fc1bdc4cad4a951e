namespace Live.Grains.Webhooks;

/// <summary>A delivery of one event to one endpoint that has not succeeded yet.</summary>
[GenerateSerializer, Alias("Live.PendingWebhook")]
public sealed class PendingWebhook
{
    [Id(0)] public string EndpointId { get; set; } = "";
    [Id(1)] public long Sequence { get; set; }
    [Id(2)] public int Attempts { get; set; }
    [Id(3)] public DateTimeOffset DueAt { get; set; }
    [Id(4)] public string? LastError { get; set; }
}
