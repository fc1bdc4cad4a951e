using Live.Webhooks;

namespace Live.Grains.Webhooks;

/// <summary>One session's webhook outbox: the events it holds, the deliveries still to make and those that failed for good.</summary>
[GenerateSerializer, Alias("Live.WebhookOutboxState")]
public sealed class WebhookOutboxState
{
    /// <summary>The highest sequence number stored; a repeat at or below it is one the session handed over before.</summary>
    [Id(0)] public long LastSequence { get; set; }
    /// <summary>Events by ascending sequence: the latest <see cref="WebhookOptions.MaxRetainedEvents"/> and any a delivery still needs.</summary>
    [Id(1)] public List<WebhookEvent> Events { get; set; } = [];
    [Id(2)] public List<PendingWebhook> Pending { get; set; } = [];
    [Id(3)] public List<WebhookDeadLetter> DeadLetters { get; set; } = [];
    [Id(4)] public long DeadLetterCounter { get; set; }
}
