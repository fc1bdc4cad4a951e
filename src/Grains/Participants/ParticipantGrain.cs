using Live.Gateways;
using Live.Grains.Infrastructure;
using Live.Participants;
using Live.Sessions;

namespace Live.Grains.Participants;

/// <summary>
/// Presence of one participant across connections: the session hears "present" on the first connection and
/// "gone" only when the last one closes, so a second tab or a reconnect is not a departure.
/// </summary>
/// <remarks>
/// A gateway that is killed never reports its connections closed. So each connection is kept with its gateway's id,
/// and connections of gateways the registry knows to be dead are forgotten: when another connection opens or closes,
/// and once more after a gateway's lease must have run out. Without that, every participant who reconnected after a
/// gateway crash would stay "online" after leaving, and enough crashes would use up their connection limit.
/// </remarks>
public sealed class ParticipantGrain(
    [PersistentState("participant", GrainStorage.Name)] IPersistentState<ParticipantState> state)
    : Grain, IParticipantGrain
{
    /// <summary>Connections one participant may hold at once (tabs, devices); more are refused.</summary>
    public const int MaxConnections = 8;

    // Long enough for a killed gateway's lease to run out after its clients moved to another gateway.
    private static readonly TimeSpan RecheckAfter = IGatewayRegistryGrain.LeaseTime + TimeSpan.FromSeconds(5);

    private IGrainTimer? _recheck;

    // When this participant's recent path reports came (the last minute's), to bound them (MediaPathReports.PerMinute).
    private readonly Queue<DateTimeOffset> _pathReports = new();

    // The gateway of the latest connection: connections on others may be left behind by a gateway that died.
    private string? _latestGateway;

    private HashSet<string> Connections => state.State.Connections;

    public async Task<RosterEntry> ConnectAsync(ParticipantIdentity identity, string gatewayId, string connectionId)
    {
        if (ParticipantKey.For(identity.SessionId, identity.ParticipantId) != this.GetPrimaryKeyString())
            throw Refusals.Refuse("wrong-session", "This identity belongs to another participant.");
        if (state.State.Identity is { } known && known.Role != identity.Role)
            throw Refusals.Refuse("wrong-role", "This participant joined with another role.");
        var key = ConnectionKey(gatewayId, connectionId);
        var forgot = !Connections.Contains(key) && Connections.Count >= MaxConnections && (await ForgetDeadGatewaysAsync(except: gatewayId)).Forgot;
        if (!Connections.Contains(key) && Connections.Count >= MaxConnections)
            throw Refusals.Refuse("too-many-connections", $"At most {MaxConnections} open tabs per participant.");

        // The session decides first: if it refuses (ended, removed, wrong role), only the dead connections are gone.
        var me = await Session(identity.SessionId).EnterAsync(identity);
        state.State.Identity ??= identity;
        if (Connections.Add(key) | forgot) await state.WriteStateAsync();
        _latestGateway = gatewayId;
        RecheckLaterIfOthersRemain(gatewayId);
        return me;
    }

    public async Task DisconnectAsync(string gatewayId, string connectionId)
    {
        if (state.State.Identity is null) return;
        if (!Connections.Remove(ConnectionKey(gatewayId, connectionId)))
        {
            // Gone already: most likely the gateway retrying because telling the session failed the first time.
            await LeaveIfNoConnectionAsync();
            return;
        }
        if (Connections.Count > 0 && (await ForgetDeadGatewaysAsync(except: gatewayId)).Undecided) RecheckLater();
        await state.WriteStateAsync();
        await LeaveIfNoConnectionAsync();
        RecheckLaterIfOthersRemain(gatewayId);
    }

    public async Task ReportConnectionCheckAsync(ConnectionCheck check)
    {
        if (check is null) throw Input.Invalid("A connection check is required.");
        if (check.Problem() is { } problem) throw Input.Invalid(problem);
        if (state.State.Identity is not { } identity) throw Refusals.Refuse("not-joined", "Join the session before reporting a connection check.");
        if (!identity.Role.IsGuest()) throw Refusals.Refuse("wrong-role", "Only respondents and customers report a connection check to the host.");
        if (state.State.Check != check)
        {
            state.State.Check = check;
            await state.WriteStateAsync();
        }
        await Session(identity.SessionId).SetConnectionCheckAsync(identity.ParticipantId, check);
    }

    public async Task ReportMediaPathAsync(MediaPath path)
    {
        if (!MediaPathReports.IsReportable(path)) throw Input.Invalid("A media path is udp, tcp or relay.");
        if (state.State.Identity is not { } identity) throw Refusals.Refuse("not-joined", "Join the session before reporting a media path.");
        var now = DateTimeOffset.UtcNow;
        while (_pathReports.Count > 0 && now - _pathReports.Peek() > TimeSpan.FromMinutes(1)) _pathReports.Dequeue();
        if (_pathReports.Count >= MediaPathReports.PerMinute)
            throw Refusals.Refuse("too-many-path-reports", $"At most {MediaPathReports.PerMinute} media path changes a minute.");
        _pathReports.Enqueue(now);
        await Session(identity.SessionId).SetMediaPathAsync(identity.ParticipantId, path);
    }

    public Task<ConnectionCheck?> GetConnectionCheckAsync() => Task.FromResult(state.State.Check);

    public Task<ParticipantIdentity?> GetIdentityAsync() => Task.FromResult(state.State.Identity);

    private async Task LeaveIfNoConnectionAsync()
    {
        if (Connections.Count > 0 || state.State.Identity is not { } identity) return;
        var session = Session(identity.SessionId);
        // Observers come and go by the thousand; their leaving interleaves and shares writes.
        if (identity.Role == Role.Observer) await session.ObserverLeftAsync(identity.ParticipantId);
        else await session.SetPresenceAsync(identity.ParticipantId, present: false);
    }

    /// <summary>
    /// Drops the connections of gateways the registry knows to be dead. Forgot: some went. Undecided: the registry was
    /// too new to tell for some (it lost its leases with its silo), so it is worth asking again later. The gateway
    /// calling right now is alive whatever its lease says (its first renewal may still be on its way).
    /// </summary>
    private async Task<(bool Forgot, bool Undecided)> ForgetDeadGatewaysAsync(string? except = null)
    {
        var gateways = Connections.Select(GatewayOf).Where(g => g != except).Distinct().ToList();
        if (gateways.Count == 0) return (false, false);
        var check = await GrainFactory.GetGrain<IGatewayRegistryGrain>(IGatewayRegistryGrain.DefaultKey).CheckAsync(gateways);
        var forgot = check.Dead.Count > 0 && Connections.RemoveWhere(c => check.Dead.Contains(GatewayOf(c))) > 0;
        return (forgot, check.Undecided);
    }

    /// <summary>Connections through other gateways may belong to one that just died: look again once its lease ran out.</summary>
    private void RecheckLaterIfOthersRemain(string gatewayId)
    {
        if (Connections.Any(c => GatewayOf(c) != gatewayId)) RecheckLater();
    }

    private void RecheckLater() =>
        _recheck ??= this.RegisterGrainTimer(RecheckAsync, new GrainTimerCreationOptions(RecheckAfter, Timeout.InfiniteTimeSpan) { KeepAlive = true });

    private async Task RecheckAsync(CancellationToken cancellationToken)
    {
        _recheck?.Dispose();
        _recheck = null;
        try
        {
            var (forgot, undecided) = await ForgetDeadGatewaysAsync();
            // Still unsure, or connections left on gateways other than the latest (one may have died after the last look).
            if (undecided || Connections.Any(c => GatewayOf(c) != _latestGateway)) RecheckLater();
            if (forgot) await state.WriteStateAsync();
            await LeaveIfNoConnectionAsync(); // also when an earlier look forgot the last connection but could not say so
        }
        catch
        {
            RecheckLater(); // the registry, storage or session was out of reach: look again (Orleans logs the error)
            throw;
        }
    }

    private static string ConnectionKey(string gatewayId, string connectionId) =>
        string.IsNullOrEmpty(gatewayId) || gatewayId.Contains('/')
            ? throw new ArgumentException("A gateway id is not empty and has no '/'.", nameof(gatewayId))
            : $"{gatewayId}/{connectionId}";

    // Connections stored before gateways had ids have no '/': their gateway is unknown, so the registry calls it dead.
    private static string GatewayOf(string key) => key.IndexOf('/') is var slash and > 0 ? key[..slash] : "";

    private ISessionLobby Session(string sessionId) => GrainFactory.GetGrain<ISessionLobby>(sessionId);
}
