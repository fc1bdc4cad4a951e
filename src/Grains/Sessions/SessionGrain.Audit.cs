using Live.Grains.Infrastructure;
using Live.Sessions;

namespace Live.Grains.Sessions;

// The audit trail: who admitted, denied, removed, invited, recorded, downloaded and ended. Entries ride the write of
// the change they record (one write, so a change is never durable without its entry) and go to hosts only.
public sealed partial class SessionGrain
{
    /// <summary>
    /// A browser playing a recording asks for the same file again and again (range requests, seeking); repeats of the
    /// same download by the same person within this window are one entry.
    /// </summary>
    public static readonly TimeSpan RepeatedDownloadWindow = TimeSpan.FromMinutes(10);

    /// <summary>
    /// A host's invites and downloads per second; the burst lets the console's bulk import (200 lines at once) through,
    /// the refill stops a leaked host token from minting the whole <see cref="SessionLimits.MaxInvites"/> in seconds.
    /// </summary>
    private const double AuditReportsPerSecond = 5, AuditReportBurst = 250;

    public async Task RecordInviteAsync(ParticipantIdentity? host, string participantId, string displayName, Role role)
    {
        var actor = Actor(host, Role.Host);
        RequireNotEnded();
        var id = Input.Text(participantId, 64, "Participant id");
        var name = Input.Text(displayName, SessionLimits.MaxDisplayNameLength, "Display name");
        if (!Enum.IsDefined(role)) throw Input.Invalid("Unknown role.");
        if (S.InvitesMinted >= SessionLimits.MaxInvites)
            throw Refuse("too-many-invites", $"A session has at most {SessionLimits.MaxInvites} invites.");
        if (actor is not null) RequireRate(actor.Id, "audit", AuditReportsPerSecond, AuditReportBurst);
        S.InvitesMinted++;
        var entry = Audit(AuditAction.InviteMinted, actor, id, name, role, detail: null);
        await SaveAsync();
        PublishAudit(entry);
    }

    public async Task RecordDownloadAsync(ParticipantIdentity? staff, string recordingId, string file)
    {
        var actor = Actor(staff, Role.Observer);
        var detail = $"{Input.Text(recordingId, 64, "Recording id")}/{Input.Text(file, 200, "File")}";
        var since = clock.GetUtcNow() - RepeatedDownloadWindow;
        if (S.Audit.Any(e => e.Action == AuditAction.RecordingDownloaded && e.ActorId == actor?.Id && e.Detail == detail && e.At >= since))
            return;
        if (actor is not null) RequireRate(actor.Id, "audit", AuditReportsPerSecond, AuditReportBurst);
        var entry = Audit(AuditAction.RecordingDownloaded, actor, null, null, null, detail);
        await SaveAsync();
        PublishAudit(entry);
    }

    public Task<IReadOnlyList<AuditEntry>> GetAuditAsync(ParticipantIdentity? host, int skip, int take)
    {
        Actor(host, Role.Host);
        if (skip < 0) throw Input.Invalid("skip must not be negative.");
        if (take is < 1 or > SessionLimits.MaxAuditPage) throw Input.Invalid($"take is 1 to {SessionLimits.MaxAuditPage}.");
        return Task.FromResult<IReadOnlyList<AuditEntry>>([.. S.Audit.Skip(skip).Take(take)]);
    }

    /// <summary>
    /// The participant a gateway-reported action is by, from their token's identity: null for the API key. A host
    /// (or, with <paramref name="least"/> Observer, any staff) of this session who was not removed; one who never
    /// joined is taken from the token alone, since invites and recordings need no presence.
    /// </summary>
    private ParticipantRecord? Actor(ParticipantIdentity? identity, Role least)
    {
        RequireCreated();
        if (identity is null) return null;
        if (identity.SessionId != SessionId) throw Refuse("wrong-session", "This invitation is for another session.");
        var allowed = least == Role.Host ? identity.Role == Role.Host : identity.Role.IsStaff();
        if (!allowed) throw least == Role.Host ? Refuse("not-host", "Only a host can do this.") : Refuse("not-staff", "Recordings are for the session's hosts and observers.");
        if (!S.Participants.TryGetValue(identity.ParticipantId, out var known))
            return new ParticipantRecord { Id = identity.ParticipantId, DisplayName = identity.DisplayName, Role = identity.Role };
        if (known.Role != identity.Role) throw Refuse("wrong-role", "This participant joined with another role.");
        if (known.Admission is Admission.Denied or Admission.Removed) throw Refuse("not-admitted", "You are no longer in this session.");
        return known;
    }

    /// <summary>Appends an entry; the caller writes the state, then hands the entry to <see cref="PublishAudit"/>.</summary>
    private AuditEntry Audit(AuditAction action, ParticipantRecord? actor, ParticipantRecord subject) =>
        Audit(action, actor, subject.Id, subject.DisplayName, subject.Role, detail: null);

    private AuditEntry Audit(AuditAction action, ParticipantRecord? actor, string? subjectId, string? subjectName, Role? subjectRole, string? detail)
    {
        var entry = new AuditEntry(
            ++S.AuditSeq, action, actor?.Id, actor?.DisplayName ?? AuditEntry.ApiKeyActor, actor?.Role,
            subjectId, subjectName, subjectRole, detail, S.LiveAt is null ? null : ClockMs(), clock.GetUtcNow());
        S.Audit.Add(entry);
        if (S.Audit.Count > SessionLimits.MaxAuditEntries)
        {
            S.Audit.RemoveRange(0, S.Audit.Count - SessionLimits.MaxAuditEntries);
            SessionMetrics.AuditEntriesDropped.Inc();
        }
        return entry;
    }

    /// <summary>Tells the hosts about an entry once it is durable; hosts only, so nothing here ever reaches a guest.</summary>
    private void PublishAudit(AuditEntry entry) => Publish(Audience.Hosts, SessionEventTypes.Audit, entry);
}
