using Live.Gateways;
using Live.Participants;
using Live.Sessions;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>Builds sessions and participants for grain tests in one line each.</summary>
public sealed class SessionScenario(IGrainFactory grains, string sessionId, SessionKind kind)
{
    public string Id => sessionId;

    /// <summary>The gateway this scenario's participants connect through; its lease is renewed on every join.</summary>
    public string GatewayId { get; } = "gw-" + Guid.NewGuid().ToString("N")[..12];

    public IGatewayRegistryGrain Gateways => grains.GetGrain<IGatewayRegistryGrain>(IGatewayRegistryGrain.DefaultKey);
    public SessionKind Kind => kind;

    public ISessionGrain Session => grains.GetGrain<ISessionGrain>(sessionId);
    public ISessionLobby Lobby => grains.GetGrain<ISessionLobby>(sessionId);
    public ISessionStage Stage => grains.GetGrain<ISessionStage>(sessionId);
    public ISessionFeedback Feedback => grains.GetGrain<ISessionFeedback>(sessionId);
    public ISessionBackroom Backroom => grains.GetGrain<ISessionBackroom>(sessionId);
    public ISessionRecording Recording => grains.GetGrain<ISessionRecording>(sessionId);

    public static async Task<SessionScenario> CreateAsync(IGrainFactory grains, SessionKind kind = SessionKind.FocusGroup,
        IReadOnlyList<string>? guide = null, IReadOnlyList<ProductCard>? cards = null)
    {
        var scenario = new SessionScenario(grains, "s-" + Guid.NewGuid().ToString("N")[..12], kind);
        await scenario.Session.CreateAsync(new SessionSpec("Checkout research", kind, guide ?? ["First prompt", "Second prompt", "Third prompt"], cards));
        return scenario;
    }

    /// <summary>Joins a participant through their participant grain, as the hub does.</summary>
    public async Task<string> JoinAsync(Role role, string name, bool admit = true, string? hostId = null)
    {
        var id = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}"[..20];
        var participant = grains.GetGrain<IParticipantGrain>(ParticipantKey.For(sessionId, id));
        await Gateways.RenewAsync(GatewayId);
        await participant.ConnectAsync(new ParticipantIdentity(sessionId, id, name, role), GatewayId, "conn-" + id);
        if (admit && role.IsGuest()) await Lobby.AdmitAsync(hostId ?? throw new ArgumentException("a host must admit guests"), id);
        return id;
    }

    /// <summary>A live session with one host and the given guests admitted.</summary>
    public static async Task<(SessionScenario Scenario, string Host)> LiveAsync(IGrainFactory grains, SessionKind kind = SessionKind.FocusGroup,
        IReadOnlyList<ProductCard>? cards = null)
    {
        var scenario = await CreateAsync(grains, kind, cards: cards);
        var host = await scenario.JoinAsync(Role.Host, "Hana");
        await scenario.Session.GoLiveAsync(host);
        return (scenario, host);
    }

    public Role GuestRole => kind.GuestRole();
}
