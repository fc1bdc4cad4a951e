namespace Live.Grains.Webhooks;

/// <summary>Webhook delivery settings (<c>Live:Webhooks</c>). The defaults suit a production receiver; tests shorten the delays.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Live:Webhooks";

    /// <summary>Delay before the first retry; each further retry doubles it (docs/webhooks.md lists the schedule).</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Attempts before a delivery becomes a dead letter: with the delays above, about 2.4 hours of trying.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>How long one attempt may take; a receiver should answer at once and do its work later.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts in flight at once on one silo, over every session and endpoint.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 32;

    /// <summary>How often an outbox looks for due deliveries.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries waiting per endpoint in one session's outbox; beyond it new events are refused for that endpoint and counted.</summary>
    public int MaxPendingPerEndpoint { get; set; } = 1_000;

    /// <summary>Events a session's outbox keeps for replays (those still pending or dead-lettered are always kept).</summary>
    public int MaxRetainedEvents { get; set; } = 1_000;

    /// <summary>Dead letters a session's outbox keeps; the oldest goes first, counted.</summary>
    public int MaxDeadLetters { get; set; } = 1_000;
}
