using Live.Grains.Infrastructure;
using Live.Participants;
using Live.Sessions;

namespace Live.Grains.Participants;

/// <summary>
/// Presence of one participant across connections: the session hears "present" on the first connection and
/// "gone" only when the last one closes, so a second tab or a reconnect is not a departure.
/// </summary>
public sealed class ParticipantGrain(
    [PersistentState("participant", GrainStorage.Name)] IPersistentState<ParticipantState> state)
    : Grain, IParticipantGrain
{
    /// <summary>Connections one participant may hold at once (tabs, devices); more are refused.</summary>
    public const int MaxConnections = 8;

    public async Task<RosterEntry> ConnectAsync(ParticipantIdentity identity, string connectionId)
    {
        if (ParticipantKey.For(identity.SessionId, identity.ParticipantId) != this.GetPrimaryKeyString())
            throw Refusals.Refuse("wrong-session", "This identity belongs to another participant.");
        if (state.State.Identity is { } known && known.Role != identity.Role)
            throw Refusals.Refuse("wrong-role", "This participant joined with another role.");
        if (!state.State.Connections.Contains(connectionId) && state.State.Connections.Count >= MaxConnections)
            throw Refusals.Refuse("too-many-connections", $"At most {MaxConnections} open tabs per participant.");

        // The session decides first: if it refuses (ended, removed, wrong role), nothing here changes.
        var me = await Session(identity.SessionId).EnterAsync(identity);
        state.State.Identity ??= identity;
        if (state.State.Connections.Add(connectionId)) await state.WriteStateAsync();
        return me;
    }

    public async Task DisconnectAsync(string connectionId)
    {
        if (state.State.Identity is not { } identity || !state.State.Connections.Remove(connectionId)) return;
        await state.WriteStateAsync();
        if (state.State.Connections.Count == 0)
            await Session(identity.SessionId).SetPresenceAsync(identity.ParticipantId, present: false);
    }

    public Task<ParticipantIdentity?> GetIdentityAsync() => Task.FromResult(state.State.Identity);

    private ISessionLobby Session(string sessionId) => GrainFactory.GetGrain<ISessionLobby>(sessionId);
}
