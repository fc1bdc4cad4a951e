using Orleans.Concurrency;

namespace Live.Sessions;

/// <summary>The session's door: joining, the lobby, presence and removal (same grain as <see cref="ISessionGrain"/>).</summary>
[Alias("Live.ISessionLobby")]
public interface ISessionLobby : IGrainWithStringKey
{
    /// <summary>
    /// Adds a participant (guests wait in the lobby) or marks a returning one present; returns their view. Joins
    /// interleave with the session's other calls (like votes) so that a room filling up shares state writes.
    /// </summary>
    [AlwaysInterleave, Alias("Join")] Task<SessionView> JoinAsync(ParticipantIdentity identity);

    /// <summary>
    /// Joins as <see cref="JoinAsync"/> does but returns only the participant's own entry (role and admission): what a
    /// gateway needs to pick the connection's groups before it reads the snapshot, without building a view it would
    /// throw away (for staff that view holds the whole roster).
    /// </summary>
    [AlwaysInterleave, Alias("Enter")] Task<RosterEntry> EnterAsync(ParticipantIdentity identity);

    /// <summary>Records whether a participant has any live connection.</summary>
    [Alias("SetPresence")] Task SetPresenceAsync(string participantId, bool present);

    /// <summary>
    /// An observer's last connection closed. Interleaves like joins, so that thousands of observers leaving at once (a
    /// gateway restarting, a webinar ending) share state writes instead of queueing the session behind one write each;
    /// it changes nothing but the observer's presence and ends their subscriptions, which no track list depends on.
    /// Refused for anyone but an observer (their leaving may change the tracks: <see cref="SetPresenceAsync"/>).
    /// </summary>
    [AlwaysInterleave, Alias("ObserverLeft")] Task ObserverLeftAsync(string observerId);

    /// <summary>
    /// A guest's connection check (from their participant grain, which checked it): kept on their roster record and
    /// sent to hosts only, as a <c>connectionCheck</c> event and in hosts' snapshots.
    /// </summary>
    [Alias("SetConnectionCheck")] Task SetConnectionCheckAsync(string participantId, Live.Participants.ConnectionCheck check);

    /// <summary>
    /// A guest's customer context, verified by the gateway from the shop's signed token: kept on their roster record
    /// (the latest replaces the last) and sent to staff only, as a <c>customerContext</c> event and in staff snapshots.
    /// </summary>
    [Alias("SetCustomerContext")] Task SetCustomerContextAsync(string participantId, CustomerContext context);

    /// <summary>
    /// The media path a present, admitted participant's connection takes now (from their participant grain): kept in
    /// memory (the page reports it again on every new connection) and sent to hosts only, as a <c>mediaPath</c> event
    /// and in hosts' snapshots. Interleaves: it touches nothing but that in-memory map.
    /// </summary>
    [AlwaysInterleave, Alias("SetMediaPath")] Task SetMediaPathAsync(string participantId, Live.Participants.MediaPath path);

    /// <summary>A host lets a waiting guest in.</summary>
    [Alias("Admit")] Task AdmitAsync(string hostId, string participantId);

    /// <summary>A host turns a waiting guest away.</summary>
    [Alias("Deny")] Task DenyAsync(string hostId, string participantId);

    /// <summary>A host removes an admitted participant; they cannot come back with the same invite.</summary>
    [Alias("Remove")] Task RemoveAsync(string hostId, string participantId);
}
