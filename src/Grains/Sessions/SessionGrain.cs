using Live.Directory;
using Live.Grains.Infrastructure;
using Live.Sessions;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Live.Grains.Sessions;

/// <summary>
/// The session grain: the single owner of a session's truth. Its facets (<see cref="ISessionLobby"/>, <see cref="ISessionStage"/>,
/// <see cref="ISessionFeedback"/>, <see cref="ISessionBackroom"/>, <see cref="ISessionMessages"/>, <see cref="ISessionRecording"/>) live in partial files.
/// Every rule is checked before anything changes, every change is written before the call returns, and every event
/// names its audience so that nothing about observers ever reaches a guest.
/// </summary>
public sealed partial class SessionGrain(
    [PersistentState("session", GrainStorage.Name)] IPersistentState<SessionState> state,
    TimeProvider clock,
    ILocalSiloDetails localSilo,
    ILogger<SessionGrain> logger)
    : Grain, ISessionGrain, ISessionLobby, ISessionStage, ISessionFeedback, ISessionBackroom, ISessionMessages, ISessionRecording, ISessionMedia, ISessionAudit,
      IRemindable
{
    /// <summary>
    /// How long a gateway's subscription lives without a refresh. Gateways refresh every 10 s, so a live one survives
    /// two missed refreshes, and a killed one stops costing failed deliveries after at most this long.
    /// </summary>
    public static readonly TimeSpan SubscriptionExpiry = TimeSpan.FromSeconds(30);

    private readonly ObserverManager<ISessionObserver> _gateways = new(SubscriptionExpiry, logger);
    private GroupCommit? _groupCommit;
    private GroupCommit _commit => _groupCommit ??= new(WriteStateAsync, () => state.ReadStateAsync(), clock);

    private async Task WriteStateAsync()
    {
        // Before the write that makes a webhook event durable, so that a silo dying right after it leaves something to
        // wake the session on a survivor and hand the event over (SessionGrain.Webhooks.cs).
        await EnsureWebhookReminderAsync();
        SessionMetrics.StateWrites.Inc();
        await state.WriteStateAsync();
    }

    private SessionState S => state.State;
    private string SessionId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var gateway in S.Gateways) _gateways.Subscribe(gateway, gateway);
        StartPublishing();
        foreach (var p in S.Participants.Values.Where(p => p.IsAdmitted && p.Role != Role.Observer)) _publicIds.Add(p.Id);
        LoadObserverListing();
        if (S.Phase == SessionPhase.Live) SessionMetrics.SessionsLive.Inc();
        UpdatePresenceGauges();
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (S.Phase == SessionPhase.Live) SessionMetrics.SessionsLive.Dec();
        ClearPresenceGauges();
        // Events written since the last tick go to the outbox now rather than at some later activation; bounded, so a
        // draining silo is not held up by an outbox that is itself moving (what is not handed over stays in the state).
        try { await HandOffWebhooksAsync().WaitAsync(WebhookHandOffOnDeactivation, cancellationToken); }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException) { }
    }

    /// <summary>The longest a deactivating session waits to hand its written webhook events to the outbox.</summary>
    private static readonly TimeSpan WebhookHandOffOnDeactivation = TimeSpan.FromSeconds(2);

    public async Task<SessionSummary> CreateAsync(SessionSpec spec)
    {
        if (S.Created) throw Refusals.Refuse("session-exists", "A session with this id already exists.");
        var title = Input.Text(spec.Title, SessionLimits.MaxTitleLength, "Title");
        if (!Enum.IsDefined(spec.Kind)) throw Input.Invalid("Unknown session kind.");
        var guide = (spec.Guide ?? []).Select(p => Input.Text(p, SessionLimits.MaxPromptLength, "Prompt")).ToList();
        if (guide.Count > SessionLimits.MaxGuidePrompts) throw Input.Invalid($"A guide has at most {SessionLimits.MaxGuidePrompts} prompts.");
        var cards = spec.ProductCards ?? [];
        if (cards.Count > SessionLimits.MaxProductCards) throw Input.Invalid($"At most {SessionLimits.MaxProductCards} product cards.");
        if (cards.Count > 0 && spec.Kind != SessionKind.SalesCall) throw Input.Invalid("Product cards belong to sales calls.");

        S.Created = true;
        S.Title = title;
        S.Kind = spec.Kind;
        S.Phase = SessionPhase.Scheduled;
        S.CreatedAt = clock.GetUtcNow();
        S.Guide = guide;
        S.ProductCards = cards.Select(c => Input.Card(c, string.IsNullOrWhiteSpace(c.Id) ? NewId("card") : Input.Text(c.Id, 64, "Card id"))).ToList();
        await SaveAsync();
        await UpdateDirectoryAsync();
        return Summary();
    }

    public Task<SessionSummary> GetSummaryAsync()
    {
        RequireCreated();
        return Task.FromResult(Summary());
    }

    public Task<SessionView> GetViewAsync(string participantId)
    {
        RequireCreated();
        return Task.FromResult(ViewFor(Participant(participantId)));
    }

    public async Task GoLiveAsync(string hostId)
    {
        RequireHost(hostId);
        if (S.Phase != SessionPhase.Scheduled)
            throw Refusals.Refuse("wrong-phase", S.Phase == SessionPhase.Live ? "The session is already live." : "The session has ended.");
        S.Phase = SessionPhase.Live;
        S.LiveAt = clock.GetUtcNow();
        Webhook(Live.Webhooks.WebhookEventTypes.SessionLive, SessionWebhookData());
        await SaveAsync();
        SessionMetrics.SessionsLive.Inc();
        Publish(Audience.Everyone, SessionEventTypes.Phase, Summary());
        await UpdateDirectoryAsync();
    }

    public async Task<SessionSummary> EndAsync(string? hostId)
    {
        var host = hostId is null ? null : RequireHost(hostId);
        if (hostId is null) RequireCreated();
        if (S.Phase == SessionPhase.Ended) throw Refusals.Refuse("wrong-phase", "The session has already ended.");
        var wasLive = S.Phase == SessionPhase.Live;
        var recordingWasOn = S.Recording is RecordingStatus.Recording or RecordingStatus.Paused;
        if (recordingWasOn) AddRecordingMarker(RecordingStatus.Stopped);
        AuditEntry[] audit = recordingWasOn
            ? [Audit(AuditAction.RecordingStopped, host, null, null, null, S.Recordings[^1].Id), Audit(AuditAction.SessionEnded, host, null, null, null, null)]
            : [Audit(AuditAction.SessionEnded, host, null, null, null, null)];
        foreach (var poll in S.Polls.Where(p => p.Open))
        {
            poll.Open = false;
            poll.ClosedAtMs = ClockMs();
            Webhook(Live.Webhooks.WebhookEventTypes.PollClosed, PollWebhookData(poll));
        }
        S.Phase = SessionPhase.Ended;
        S.EndedAt = clock.GetUtcNow();
        Webhook(Live.Webhooks.WebhookEventTypes.SessionEnded, SessionWebhookData());
        await SaveAsync();
        foreach (var entry in audit) PublishAudit(entry);
        if (wasLive) SessionMetrics.SessionsLive.Dec();
        if (recordingWasOn) Publish(Audience.Everyone, SessionEventTypes.Recording, RecordingView(forHosts: false));
        Publish(Audience.Everyone, SessionEventTypes.Phase, Summary());
        await UpdateDirectoryAsync();
        if (recordingWasOn) await ApplyRecordingPlanAsync();
        await CloseAllMediaAsync();
        return Summary();
    }

    public async Task SubscribeAsync(ISessionObserver observer)
    {
        RequireCreated();
        _gateways.Subscribe(observer, observer);
        // A refresh costs no write unless the set changed: a new gateway, or a dead one whose subscription expired
        // (it must not come back with the next activation, which re-subscribes the stored gateways).
        _gateways.ClearExpired();
        var current = _gateways.Observers.Values.ToList();
        if (current.Count == S.Gateways.Count && S.Gateways.All(current.Contains)) return;
        S.Gateways = [.. current];
        await SaveAsync();
    }

    public async Task UnsubscribeAsync(ISessionObserver observer)
    {
        _gateways.Unsubscribe(observer);
        if (S.Gateways.Remove(observer) && S.Created) await SaveAsync();
    }

    public Task<GrainPlacement> GetPlacementAsync()
    {
        RequireCreated();
        return Task.FromResult(new GrainPlacement(SessionId, RuntimeIdentity, localSilo.SiloAddress.Endpoint.Address.ToString(),
            localSilo.SiloAddress.Endpoint.Port));
    }

    private SessionSummary Summary() => new(
        SessionId, S.Title, S.Kind, S.Phase, S.CreatedAt, S.LiveAt, S.EndedAt,
        S.Participants.Values.Count(p => p.Role.IsGuest() && p.IsAdmitted),
        S.Participants.Values.Count(p => p.Role == Role.Host));

    private Task UpdateDirectoryAsync() =>
        GrainFactory.GetGrain<ISessionDirectoryGrain>(ISessionDirectoryGrain.DefaultKey).UpsertAsync(Summary());

    /// <summary>
    /// Writes the state with every other change made meanwhile (<see cref="GroupCommit"/>); if the write fails, the last
    /// durable state is reloaded so memory never runs ahead of storage.
    /// </summary>
    private Task SaveAsync() => _commit.SaveAsync();

    /// <summary>Milliseconds since the session went live: the one clock for prompts, notes, polls and recording markers.</summary>
    private long ClockMs() => S.LiveAt is { } liveAt ? (long)(clock.GetUtcNow() - liveAt).TotalMilliseconds : 0;

    /// <summary>The next id of a kind; each kind counts on its own, so ids of one kind say nothing about the others.</summary>
    private string NewId(string prefix)
    {
        var next = Math.Max(S.IdCounters.GetValueOrDefault(prefix), S.NextId) + 1;
        S.IdCounters[prefix] = next;
        return $"{prefix}{next}";
    }
}
