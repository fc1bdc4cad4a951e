using Live.Webhooks;
using Microsoft.Extensions.Logging;

namespace Live.Grains.Webhooks;

// Handing deliveries to the sender, recording their outcomes, retries, dead letters and staying awake while work is left.
public sealed partial class WebhookOutboxGrain
{
    private const string ReminderName = "webhook-delivery";

    /// <summary>The reminder only wakes an outbox that lost its silo; the grain timer does the polling. One minute is Orleans' smallest period.</summary>
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>The attempt in flight per endpoint: one at a time, oldest event first, so each receiver sees a session's events in order.</summary>
    private readonly Dictionary<string, (long Sequence, long StartedAt)> _inFlight = [];

    /// <summary>Targets as last read from the registry, to send an endpoint's next event right after a success.</summary>
    private Dictionary<string, WebhookTarget> _targets = [];

    private IGrainTimer? _poll;
    private bool _reminderSet;

    public async Task RecordAttemptAsync(WebhookAttempt attempt)
    {
        if (_inFlight.TryGetValue(attempt.EndpointId, out var flying) && flying.Sequence == attempt.Sequence) _inFlight.Remove(attempt.EndpointId);
        var pending = S.Pending.FirstOrDefault(p => p.EndpointId == attempt.EndpointId && p.Sequence == attempt.Sequence);
        if (pending is null) return; // a late report of an attempt already settled (a replay, a restart): at-least-once allows it
        pending.Attempts++;
        if (attempt.Delivered)
        {
            S.Pending.Remove(pending);
            WebhookMetrics.Deliveries.WithLabels("delivered").Inc();
        }
        else if (pending.Attempts >= Options.MaxAttempts)
        {
            S.Pending.Remove(pending);
            DeadLetter(pending, attempt.Error ?? "failed");
            WebhookMetrics.Deliveries.WithLabels("dead-lettered").Inc();
        }
        else
        {
            pending.LastError = attempt.Error;
            pending.DueAt = clock.GetUtcNow() + WebhookBackoff.After(pending.Attempts, Options, Random.Shared);
            WebhookMetrics.Deliveries.WithLabels("failed").Inc();
        }
        PruneEvents();
        await WriteAsync();
        if (S.Pending.Count == 0) await SleepAsync();
        else if (attempt.Delivered) StartDue(onlyEndpoint: attempt.EndpointId);
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        _reminderSet = true;
        if (S.Pending.Count == 0) await SleepAsync();
        else await WakeAsync();
    }

    /// <summary>Starts polling and makes sure a reminder will bring the outbox back if its silo dies.</summary>
    private async Task WakeAsync()
    {
        _poll ??= this.RegisterGrainTimer(PollAsync, new GrainTimerCreationOptions(TimeSpan.Zero, Options.PollInterval) { KeepAlive = true });
        if (_reminderSet) return;
        await this.RegisterOrUpdateReminder(ReminderName, ReminderPeriod, ReminderPeriod);
        _reminderSet = true;
    }

    /// <summary>Nothing left to deliver: stop polling and drop the reminder, so an idle outbox costs nothing.</summary>
    private async Task SleepAsync()
    {
        _poll?.Dispose();
        _poll = null;
        if (!_reminderSet) return;
        if (await this.GetReminder(ReminderName) is { } reminder) await this.UnregisterReminder(reminder);
        _reminderSet = false;
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        ForgetLostAttempts();
        if (!DueHeads(onlyEndpoint: null).Any()) return;
        _targets = (await Registry.GetTargetsAsync()).ToDictionary(t => t.Endpoint.Id);
        var orphaned = S.Pending.RemoveAll(p => !_targets.ContainsKey(p.EndpointId));
        if (orphaned > 0)
        {
            WebhookMetrics.Deliveries.WithLabels("dropped").Inc(orphaned); // their endpoint was deleted
            await WriteAsync();
        }
        StartDue(onlyEndpoint: null);
        if (S.Pending.Count == 0) await SleepAsync();
    }

    /// <summary>Hands each endpoint's oldest due delivery to the sender, until the sender has no free slot.</summary>
    private void StartDue(string? onlyEndpoint)
    {
        foreach (var head in DueHeads(onlyEndpoint).ToList())
        {
            if (!_targets.TryGetValue(head.EndpointId, out var target)) continue;
            var evt = S.Events.FirstOrDefault(e => e.Sequence == head.Sequence);
            if (evt is null) continue; // cannot happen: pruning keeps every event a delivery needs
            if (!sender.TryStart(new WebhookDelivery(SessionId, target, evt))) return;
            _inFlight[head.EndpointId] = (head.Sequence, clock.GetTimestamp());
        }
    }

    /// <summary>Per endpoint with nothing in flight, its lowest pending sequence if that one is due, earliest due first.</summary>
    private IEnumerable<PendingWebhook> DueHeads(string? onlyEndpoint)
    {
        var now = clock.GetUtcNow();
        return S.Pending
            .Where(p => (onlyEndpoint is null || p.EndpointId == onlyEndpoint) && !_inFlight.ContainsKey(p.EndpointId))
            .GroupBy(p => p.EndpointId)
            .Select(g => g.MinBy(p => p.Sequence)!)
            .Where(p => p.DueAt <= now)
            .OrderBy(p => p.DueAt);
    }

    /// <summary>
    /// An attempt whose report never came (the report call failed, the sender's silo died) is tried again once it is
    /// surely over: the HTTP timeout and a margin for the report.
    /// </summary>
    private void ForgetLostAttempts()
    {
        var limit = Options.RequestTimeout * 2 + TimeSpan.FromSeconds(5);
        foreach (var (endpoint, flying) in _inFlight.ToList())
            if (clock.GetElapsedTime(flying.StartedAt) > limit) _inFlight.Remove(endpoint);
    }

    private void DeadLetter(PendingWebhook pending, string error)
    {
        var evt = S.Events.First(e => e.Sequence == pending.Sequence);
        S.DeadLetters.Add(new WebhookDeadLetter($"dl{++S.DeadLetterCounter}", pending.EndpointId, evt.EventId, evt.Sequence, evt.Type,
            pending.Attempts, error, clock.GetUtcNow()));
        LogDeadLettered(SessionId, pending.EndpointId, pending.Sequence, pending.Attempts);
        if (S.DeadLetters.Count <= Options.MaxDeadLetters) return;
        S.DeadLetters.RemoveAt(0);
        WebhookMetrics.Refused.WithLabels("dead-letters-full").Inc();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook event {Sequence} of session {SessionId} to endpoint {EndpointId} dead-lettered after {Attempts} attempts")]
    private partial void LogDeadLettered(string sessionId, string endpointId, long sequence, int attempts);
}
