namespace Live.Webhooks;

/// <summary>
/// One session's webhook outbox (key: the session id). Events are durable here before the session hands them over as
/// accepted; deliveries go out from here, retried with backoff, then dead-lettered; and replays start here.
/// </summary>
[Alias("Live.IWebhookOutboxGrain")]
public interface IWebhookOutboxGrain : IGrainWithStringKey
{
    /// <summary>Stores events (in sequence order) and queues a delivery per interested endpoint; repeats of stored sequence numbers are ignored.</summary>
    [Alias("Append")] Task AppendAsync(IReadOnlyList<WebhookEvent> events);

    /// <summary>The deliveries that failed every attempt, oldest first.</summary>
    [Alias("DeadLetters")] Task<IReadOnlyList<WebhookDeadLetter>> ListDeadLettersAsync();

    /// <summary>Queues a dead letter for delivery again (attempts start over); false when there is no such dead letter.</summary>
    [Alias("ReplayDeadLetter")] Task<bool> ReplayDeadLetterAsync(string deadLetterId);

    /// <summary>Queues the retained events from <paramref name="fromSequence"/> on for one endpoint again; returns how many.</summary>
    [Alias("ReplayFrom")] Task<int> ReplayFromAsync(string endpointId, long fromSequence);

    /// <summary>Records what a delivery attempt came to (called by the silo's sender, off the grain's turn).</summary>
    [Alias("RecordAttempt")] Task RecordAttemptAsync(WebhookAttempt attempt);

    /// <summary>The outbox's numbers.</summary>
    [Alias("Status")] Task<WebhookOutboxStatus> GetStatusAsync();
}
