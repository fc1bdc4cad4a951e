using Live.Sessions;

namespace Live.Grains.Sessions;

// Recording state and consent. Markers sit on the session clock; writing media is the media plane's job.
public sealed partial class SessionGrain
{
    private bool RecordingActive => S.Recording is RecordingStatus.Recording or RecordingStatus.Paused;

    public async Task<RecordingView> StartRecordingAsync(string hostId)
    {
        RequireHost(hostId);
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
        return await ChangeRecordingAsync(RecordingStatus.Recording);
    }

    public async Task<RecordingView> PauseRecordingAsync(string hostId)
    {
        RequireHost(hostId);
        RequireLive();
        if (S.Recording != RecordingStatus.Recording) throw Refuse("recording-off", "Recording is not running.");
        return await ChangeRecordingAsync(RecordingStatus.Paused);
    }

    public async Task<RecordingView> ResumeRecordingAsync(string hostId)
    {
        RequireHost(hostId);
        RequireLive();
        if (S.Recording != RecordingStatus.Paused) throw Refuse("recording-off", "Recording is not paused.");
        return await ChangeRecordingAsync(RecordingStatus.Recording);
    }

    public async Task<RecordingView> StopRecordingAsync(string hostId)
    {
        RequireHost(hostId);
        RequireLive();
        if (!RecordingActive) throw Refuse("recording-off", "Recording is not on.");
        return await ChangeRecordingAsync(RecordingStatus.Stopped);
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
    }

    private async Task<RecordingView> ChangeRecordingAsync(RecordingStatus status)
    {
        AddRecordingMarker(status);
        await SaveAsync();
        var view = RecordingView(forHosts: false);
        Publish(Audience.Everyone, SessionEventTypes.Recording, view);
        return view;
    }

    private void AddRecordingMarker(RecordingStatus status)
    {
        S.Recording = status;
        S.RecordingMarkers.Add(new RecordingMarker(status, ClockMs()));
    }

    private RecordingView RecordingView(bool forHosts) => new(S.Recording, [.. S.RecordingMarkers], forHosts ? [] : null);
}
