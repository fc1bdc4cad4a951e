using Live.Grains.Infrastructure;
using Live.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;

namespace Live.Grains.Webhooks;

/// <summary>
/// One session's webhook outbox. Every event is written here before the session forgets it, every delivery outcome is
/// written before the next attempt, and a reminder wakes the outbox on a surviving silo while anything is pending, so a
/// killed silo loses no delivery. The HTTP calls themselves run in <see cref="WebhookSender"/>, outside this grain's turns.
/// Delivery and retries live in <c>WebhookOutboxGrain.Delivery.cs</c>.
/// </summary>
// Activated by its session's hand-off, so it lives beside the session grain: the hand-off is a local call, and the pair
// fails and recovers together instead of a session's deliveries depending on a second silo.
[PreferLocalPlacement]
public sealed partial class WebhookOutboxGrain(
    [PersistentState("webhookOutbox", GrainStorage.Name)] IPersistentState<WebhookOutboxState> state,
    WebhookSender sender,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookOutboxGrain> logger)
    : Grain, IWebhookOutboxGrain, IRemindable
{
    private WebhookOutboxState S => state.State;
    private WebhookOptions Options => options.Value;
    private string SessionId => this.GetPrimaryKeyString();
    private IWebhookRegistryGrain Registry => GrainFactory.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.DefaultKey);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        UpdateGauges();
        // After a crash or a move the deliveries resume here, without waiting for the reminder's next tick.
        if (S.Pending.Count > 0) await WakeAsync();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        WebhookMetrics.OutboxDepth.Dec(_countedPending);
        WebhookMetrics.DeadLetters.Dec(_countedDeadLetters);
        _countedPending = _countedDeadLetters = 0;
        return Task.CompletedTask;
    }

    public async Task AppendAsync(IReadOnlyList<WebhookEvent> events)
    {
        var fresh = events.Where(e => e.Sequence > S.LastSequence).OrderBy(e => e.Sequence).ToList();
        if (fresh.Count == 0) return;
        var targets = await Registry.GetTargetsAsync();
        if (targets.Count == 0)
        {
            // No endpoint is registered: nothing is owed to anyone, so nothing is kept and nothing written (a deployment
            // without webhooks pays no storage write per session event). Replays reach back to registration, not before.
            S.LastSequence = fresh[^1].Sequence;
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var evt in fresh)
        {
            S.Events.Add(evt);
            S.LastSequence = evt.Sequence;
            foreach (var target in targets.Where(t => t.Wants(evt.Type))) TryQueue(target.Endpoint.Id, evt.Sequence, now);
        }
        PruneEvents();
        await WriteAsync();
        if (S.Pending.Count > 0) await WakeAsync();
    }

    public Task<IReadOnlyList<WebhookDeadLetter>> ListDeadLettersAsync() =>
        Task.FromResult<IReadOnlyList<WebhookDeadLetter>>([.. S.DeadLetters]);

    public async Task<bool> ReplayDeadLetterAsync(string deadLetterId)
    {
        var dead = S.DeadLetters.FirstOrDefault(d => d.Id == deadLetterId);
        if (dead is null) return false;
        if (!TryQueue(dead.EndpointId, dead.Sequence, clock.GetUtcNow()))
            throw Refusals.Refuse("outbox-full", "This endpoint's outbox is full; wait for it to drain and replay again.");
        S.DeadLetters.Remove(dead);
        await WriteAsync();
        await WakeAsync();
        return true;
    }

    public async Task<int> ReplayFromAsync(string endpointId, long fromSequence)
    {
        var target = (await Registry.GetTargetsAsync()).FirstOrDefault(t => t.Endpoint.Id == endpointId)
            ?? throw Refusals.Refuse("unknown-webhook", "There is no webhook endpoint with this id.");
        var now = clock.GetUtcNow();
        var queued = 0;
        foreach (var evt in S.Events.Where(e => e.Sequence >= fromSequence && target.Wants(e.Type)))
        {
            if (IsPending(endpointId, evt.Sequence)) continue;
            if (!TryQueue(endpointId, evt.Sequence, now)) break;
            queued++;
        }
        if (queued == 0) return 0;
        await WriteAsync();
        await WakeAsync();
        return queued;
    }

    public Task<WebhookOutboxStatus> GetStatusAsync() =>
        Task.FromResult(new WebhookOutboxStatus(S.LastSequence, S.Pending.Count, S.DeadLetters.Count, S.Events.Count));

    /// <summary>Queues a delivery unless the endpoint's share of this outbox is full: then it is refused and counted, never dropped silently.</summary>
    private bool TryQueue(string endpointId, long sequence, DateTimeOffset dueAt)
    {
        if (S.Pending.Count(p => p.EndpointId == endpointId) >= Options.MaxPendingPerEndpoint)
        {
            WebhookMetrics.Refused.WithLabels("outbox-full").Inc();
            LogOutboxFull(SessionId, endpointId, sequence);
            return false;
        }
        S.Pending.Add(new PendingWebhook { EndpointId = endpointId, Sequence = sequence, DueAt = dueAt });
        return true;
    }

    private bool IsPending(string endpointId, long sequence) => S.Pending.Any(p => p.EndpointId == endpointId && p.Sequence == sequence);

    /// <summary>Drops the oldest events beyond the retention, except those a pending delivery or a dead letter still needs.</summary>
    private void PruneEvents()
    {
        var excess = S.Events.Count - Options.MaxRetainedEvents;
        if (excess <= 0) return;
        var needed = S.Pending.Select(p => p.Sequence).Concat(S.DeadLetters.Select(d => d.Sequence)).ToHashSet();
        S.Events.RemoveAll(e => excess > 0 && !needed.Contains(e.Sequence) && excess-- > 0);
    }

    /// <summary>Writes the state; on failure reloads it so memory never runs ahead of storage, and rethrows.</summary>
    private async Task WriteAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            await state.ReadStateAsync();
            UpdateGauges();
            throw;
        }
        UpdateGauges();
    }

    private int _countedPending, _countedDeadLetters;

    private void UpdateGauges()
    {
        WebhookMetrics.OutboxDepth.Inc(S.Pending.Count - _countedPending);
        WebhookMetrics.DeadLetters.Inc(S.DeadLetters.Count - _countedDeadLetters);
        _countedPending = S.Pending.Count;
        _countedDeadLetters = S.DeadLetters.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook outbox of session {SessionId} is full for endpoint {EndpointId}: event {Sequence} refused")]
    private partial void LogOutboxFull(string sessionId, string endpointId, long sequence);
}
