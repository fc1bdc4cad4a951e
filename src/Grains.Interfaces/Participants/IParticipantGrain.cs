using Live.Sessions;

namespace Live.Participants;

/// <summary>
/// One participant of one session (keyed <c>{sessionId}/{participantId}</c>): identity, role and presence across
/// gateway connections, so that a second tab or a reconnect does not count as leaving.
/// </summary>
[Alias("Live.IParticipantGrain")]
public interface IParticipantGrain : IGrainWithStringKey
{
    /// <summary>
    /// A connection opened on a gateway (its id in the <see cref="Live.Gateways.IGatewayRegistryGrain"/>): joins the
    /// session on first contact and returns the participant's own roster entry (role and admission); the gateway reads
    /// the snapshot after putting the connection in its groups.
    /// </summary>
    [Alias("Connect")] Task<RosterEntry> ConnectAsync(ParticipantIdentity identity, string gatewayId, string connectionId);

    /// <summary>
    /// A connection closed: the participant leaves when their last connection goes, not counting connections of
    /// gateways that died without closing them.
    /// </summary>
    [Alias("Disconnect")] Task DisconnectAsync(string gatewayId, string connectionId);

    /// <summary>
    /// Stores the participant's connection check (checked; a bad one is refused and changes nothing) and passes it to the
    /// session, which shows it to hosts beside the guest. Only a participant who has connected may report.
    /// </summary>
    [Alias("ReportConnectionCheck")] Task ReportConnectionCheckAsync(ConnectionCheck check);

    /// <summary>
    /// The path this participant's media takes now (udp, tcp or relay, from their page's selected ICE candidate pair),
    /// passed to the session for hosts. Any role may report; a path that is not one of those three, or more than
    /// <see cref="MediaPathReports.PerMinute"/> changes a minute, is refused.
    /// </summary>
    [Alias("ReportMediaPath")] Task ReportMediaPathAsync(MediaPath path);

    /// <summary>The participant's latest connection check, or null.</summary>
    [Alias("GetConnectionCheck")] Task<ConnectionCheck?> GetConnectionCheckAsync();

    /// <summary>Who this participant is, or null if they never connected.</summary>
    [Alias("GetIdentity")] Task<ParticipantIdentity?> GetIdentityAsync();
}

/// <summary>Builds participant grain keys in one place.</summary>
public static class ParticipantKey
{
    /// <summary>The grain key of a participant in a session.</summary>
    public static string For(string sessionId, string participantId) => $"{sessionId}/{participantId}";
}
