using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Bench;

/// <summary>Who a load connection is: the participant id, role and what proves it (a join token for Live).</summary>
public sealed record Credential(string ParticipantId, string Role, string Token);

/// <summary>A room on a server under test (a Live session or a plain hub room) with its host's credential.</summary>
public sealed record Room(string Id, Credential Host);

/// <summary>
/// A server under test as the load client sees it: how to open a room, issue participants, connect them and read
/// its counters. The same load client code drives Live and its plain peer.
/// </summary>
public abstract class Peer(ServerProcess server) : IAsyncDisposable
{
    public abstract string Name { get; }
    public ServerProcess Server { get; } = server;

    /// <summary>Whether guests wait in a lobby until the host admits them.</summary>
    public abstract bool AdmitsGuests { get; }

    /// <summary>Opens a live room with a connected host.</summary>
    public abstract Task<Room> CreateRoomAsync(string title);

    /// <summary>Issues <paramref name="count"/> participants of <paramref name="role"/> (respondent or observer).</summary>
    public abstract Task<IReadOnlyList<Credential>> IssueAsync(Room room, string role, int count, string namePrefix);

    /// <summary>Builds an unstarted connection for a participant, WebSockets only, no negotiation round trip.</summary>
    public abstract HubConnection Build(Room room, Credential credential);

    /// <summary>Takes the room live, if the peer has phases.</summary>
    public virtual Task GoLiveAsync(HubConnection host) => Task.CompletedTask;

    /// <summary>Admits a guest from the lobby, if the peer has one.</summary>
    public virtual Task AdmitAsync(HubConnection host, string participantId) => Task.CompletedTask;

    /// <summary>Grain calls served so far (Live's /metrics), or null when the peer has no grains.</summary>
    public virtual Task<double?> GrainCallsAsync() => Task.FromResult<double?>(null);

    protected HubConnection Build(Uri hubUrl, string? token) => new HubConnectionBuilder()
        .WithUrl(hubUrl, HttpTransportType.WebSockets, o =>
        {
            o.SkipNegotiation = true;
            if (token is not null) o.AccessTokenProvider = () => Task.FromResult<string?>(token);
        })
        .Build();

    public virtual ValueTask DisposeAsync() => Server.DisposeAsync();
}

/// <summary>The plain ASP.NET Core SignalR peer (bench/PlainHub): rooms and roles named in the query string.</summary>
public sealed class PlainPeer(ServerProcess server) : Peer(server)
{
    public override string Name => "plain";
    public override bool AdmitsGuests => false;

    public static async Task<PlainPeer> StartAsync(string repoRoot) =>
        new(await ServerProcess.StartAsync("plain", Path.Combine(repoRoot, "bench/PlainHub/bin/Release/net10.0/Live.Bench.PlainHub.dll"),
            new Dictionary<string, string>(), TimeSpan.FromSeconds(60)));

    public override Task<Room> CreateRoomAsync(string title) =>
        Task.FromResult(new Room($"room-{Guid.NewGuid():N}", new Credential("host", "host", "")));

    public override Task<IReadOnlyList<Credential>> IssueAsync(Room room, string role, int count, string namePrefix) =>
        Task.FromResult<IReadOnlyList<Credential>>(Enumerable.Range(1, count).Select(i => new Credential($"{namePrefix}-{i}", role, "")).ToList());

    public override HubConnection Build(Room room, Credential c) =>
        Build(new Uri(Server.BaseAddress, $"/hubs/session?room={room.Id}&role={c.Role}&participant={Uri.EscapeDataString(c.ParticipantId)}"), null);
}
