namespace Live.Sessions;

/// <summary>
/// The session's audit trail (same grain as <see cref="ISessionGrain"/>). Lobby decisions, recording changes and the
/// end are recorded by the grain itself; invites and downloads happen in the gateway, which reports them here.
/// A <c>null</c> actor means the API key. Actors are named by the identity of their signed join token, which the gateway
/// checked: a host may mint invites or read the trail before joining the session; once removed, nobody may.
/// </summary>
[Alias("Live.ISessionAudit")]
public interface ISessionAudit : IGrainWithStringKey
{
    /// <summary>Records that a host (or the API key) minted an invite for a new participant.</summary>
    [Alias("RecordInvite")] Task RecordInviteAsync(ParticipantIdentity? host, string participantId, string displayName, Role role);

    /// <summary>Records that a host or observer (or the API key) downloaded a file of a recording.</summary>
    [Alias("RecordDownload")] Task RecordDownloadAsync(ParticipantIdentity? staff, string recordingId, string file);

    /// <summary>
    /// The trail, oldest first, from <paramref name="skip"/>, at most <paramref name="take"/> (1 to
    /// <see cref="SessionLimits.MaxAuditPage"/>). <paramref name="host"/> must be a host of the session; null is the API key.
    /// </summary>
    [Alias("GetAudit")] Task<IReadOnlyList<AuditEntry>> GetAuditAsync(ParticipantIdentity? host, int skip, int take);
}
