using Live.Media;
using Live.Sessions;
using Microsoft.Extensions.Logging;

namespace Live.Grains.Sessions;

// Recording state and consent. Markers sit on the session clock; writing media is the media plane's job.
public sealed partial class SessionGrain
{
    private bool RecordingActive => S.Recording is RecordingStatus.Recording or RecordingStatus.Paused;

    public async Task<RecordingView> StartRecordingAsync(string hostId)
    {
        var host = RequireHost(hostId);
        RequireLive();
        if (RecordingActive) throw Refuse("recording-on", "Recording is already on.");

        var pending = S.Participants.Values
            .Where(p => p.Role.IsGuest() && p.IsAdmitted && p.Present && p.Consent != Consent.Given)
            .ToList();
        if (pending.Count > 0)
        {
            var toAsk = pending.Where(p => p.Consent == Consent.NotAsked).ToList();
            foreach (var guest in toAsk) guest.Consent = Consent.Asked;
            if (toAsk.Count > 0) await SaveAsync();
            foreach (var guest in pending.Where(p => p.Consent == Consent.Asked))
                Publish(Audience.Participant, SessionEventTypes.ConsentRequested, null, guest.Id);
            foreach (var guest in toAsk) RosterChanged(guest.Id);
            return RecordingView(forHosts: true) with
            {
                PendingConsent = pending.Select(p => p.Consent == Consent.Declined ? $"{p.DisplayName} (declined)" : p.DisplayName).ToList(),
            };
        }
        return await ChangeRecordingAsync(RecordingStatus.Recording, host, AuditAction.RecordingStarted);
    }

    public async Task<RecordingView> PauseRecordingAsync(string hostId)
    {
        var host = RequireHost(hostId);
        RequireLive();
        if (S.Recording != RecordingStatus.Recording) throw Refuse("recording-off", "Recording is not running.");
        return await ChangeRecordingAsync(RecordingStatus.Paused, host, AuditAction.RecordingPaused);
    }

    public async Task<RecordingView> ResumeRecordingAsync(string hostId)
    {
        var host = RequireHost(hostId);
        RequireLive();
        if (S.Recording != RecordingStatus.Paused) throw Refuse("recording-off", "Recording is not paused.");
        return await ChangeRecordingAsync(RecordingStatus.Recording, host, AuditAction.RecordingResumed);
    }

    public async Task<RecordingView> StopRecordingAsync(string hostId)
    {
        var host = RequireHost(hostId);
        RequireLive();
        if (!RecordingActive) throw Refuse("recording-off", "Recording is not on.");
        return await ChangeRecordingAsync(RecordingStatus.Stopped, host, AuditAction.RecordingStopped);
    }

    public async Task SetConsentAsync(string participantId, bool consent)
    {
        var guest = Admitted(participantId);
        RequireNotEnded();
        if (!guest.Role.IsGuest()) throw Refuse("not-guest", "Only respondents and customers are asked for consent.");
        var answer = consent ? Consent.Given : Consent.Declined;
        if (guest.Consent == answer) return;
        guest.Consent = answer;
        await SaveAsync();
        RosterChanged(guest.Id);
        // A late yes starts recording this guest's tracks; a no stops it.
        if (RecordingActive) await ApplyRecordingPlanAsync();
    }

    private async Task<RecordingView> ChangeRecordingAsync(RecordingStatus status, ParticipantRecord host, AuditAction action)
    {
        AddRecordingMarker(status);
        var audit = Audit(action, host, null, null, null, detail: S.Recordings[^1].Id);
        await SaveAsync();
        PublishAudit(audit);
        var view = RecordingView(forHosts: false);
        Publish(Audience.Everyone, SessionEventTypes.Recording, view);
        await ApplyRecordingPlanAsync();
        return view;
    }

    private void AddRecordingMarker(RecordingStatus status)
    {
        if (status == RecordingStatus.Recording && !RecordingActive)
            S.Recordings.Add(new RecordingEntry { Id = NewId("rec"), StartedAtMs = ClockMs() });
        if (status == RecordingStatus.Stopped && S.Recordings.Count > 0) S.Recordings[^1].StoppedAtMs = ClockMs();
        S.Recording = status;
        S.RecordingMarkers.Add(new RecordingMarker(status, ClockMs()));
    }

    /// <summary>Hosts, and guests who said yes: nobody else's tracks are ever written.</summary>
    private List<string> Recordable() => S.Participants.Values
        .Where(p => p.IsAdmitted && (p.Role == Role.Host || (p.Role.IsGuest() && p.Consent == Consent.Given)))
        .Select(p => p.Id).ToList();

    /// <summary>
    /// Tells the media router what to record now. The router answers without waiting for the disk: on stop its files
    /// drain and close afterwards, and it calls <see cref="RecordingClosedAsync"/> for the timeline then, so no turn of
    /// this grain waits for a slow volume. The recording state itself is already durable: a media failure is reported
    /// to the hosts and never undoes it.
    /// </summary>
    private async Task ApplyRecordingPlanAsync()
    {
        if (S.Recordings.Count == 0) return;
        var recording = S.Recordings[^1];
        try
        {
            var report = await MediaRouter.ApplyRecordingAsync(new RecordingPlan(recording.Id, S.Recording, ClockMs(), Recordable()));
            // On stop the final report (RecordingClosedAsync) tells the hosts, with the final counts.
            if (S.Recording != RecordingStatus.Stopped) PublishRecordingProblems(report.Tracks);
        }
        catch (Exception ex)
        {
            LogRecordingFailed(SessionId, ex);
            Publish(Audience.Hosts, SessionEventTypes.RecordingProblem, new List<string> { "The media server could not apply the recording change." });
        }
    }

    public Task RecordingProblemsAsync(string recordingId, IReadOnlyList<RecordedTrack> tracks, string? problem)
    {
        if (S.Recordings.All(r => r.Id != recordingId)) return Task.CompletedTask;
        PublishRecordingProblems(tracks, problem);
        return Task.CompletedTask;
    }

    public async Task RecordingReadyAsync(RecordingReport report)
    {
        if (S.Recordings.All(r => r.Id != report.RecordingId)) return;
        // Ready once the files are closed and the timeline is written (the media router calls after both); the event
        // is durable before this call returns.
        Webhook(Live.Webhooks.WebhookEventTypes.RecordingReady, new
        {
            report.RecordingId,
            Tracks = report.Tracks.Count(t => t.Problem is null),
            Problems = report.Tracks.Count(t => t.Problem is not null),
        });
        await SaveAsync();
    }

    public Task<string?> RecordingClosedAsync(RecordingReport report)
    {
        var recording = S.Recordings.LastOrDefault(r => r.Id == report.RecordingId);
        if (recording is null) return Task.FromResult<string?>(null);
        PublishRecordingProblems(report.Tracks);
        return Task.FromResult<string?>(SessionTimeline.Build(SessionId, S, recording, report));
    }

    /// <summary>Hosts hear of every track with a problem, in words: whose track, and what (failed, degraded by a slow disk).</summary>
    private void PublishRecordingProblems(IEnumerable<RecordedTrack> tracks, string? problem = null)
    {
        var problems = tracks.Where(t => t.Problem is not null).Select(t => $"{NameOf(t.ParticipantId)} ({t.Source}): {t.Problem}").ToList();
        if (problem is not null) problems.Add(problem);
        if (problems.Count > 0) Publish(Audience.Hosts, SessionEventTypes.RecordingProblem, problems);
    }

    private string NameOf(string participantId) => S.Participants.TryGetValue(participantId, out var p) ? p.DisplayName : participantId;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recording change of session {SessionId} did not reach the media router")]
    private partial void LogRecordingFailed(string sessionId, Exception ex);

    private RecordingView RecordingView(bool forHosts) => new(S.Recording, [.. S.RecordingMarkers], forHosts ? [] : null);
}
