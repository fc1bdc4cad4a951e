using System.Net;
using Live.Grains;
using Live.Grains.Media;
using Live.Media;
using Live.Media.Sfu;
using Live.Sessions;
using Live.Silo.Hosting;
using Live.Silo.Media;
using Live.Tests.Integration.Infrastructure;
using Live.Tests.Unit.Media.Sfu;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using TrackSource = Live.Media.TrackSource;

namespace Live.Tests.Integration.Media;

/// <summary>
/// Big observer rooms across silos: two in-process silos, each with its own SFU on its own UDP port, and the policy set
/// so that observers are served by an edge router on the other silo. The host publishes on the origin; observers are
/// answered with the other silo's candidate and decrypt the host's packets, which cross the pipe once.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class ObserverEdgeTests : IAsyncLifetime
{
    private const uint CameraSsrc = 1444018788; // a=ssrc of the captured camera offer
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly List<SfuTestPeer> _peers = [];
    private TestCluster? _cluster;

    private IGrainFactory Grains => _cluster!.Client;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _peers.ForEach(p => p.Dispose());
        if (_cluster is not null) await _cluster.StopAllSilosAsync();
    }

    [Fact]
    public async Task Observers_PolicySendsThemToEdge_AnsweredByOtherSiloReceiveMediaPipedOnce()
    {
        await StartClusterAsync(observersPerRouter: 0);
        var (scenario, host) = await SessionScenario.LiveAsync(Grains);
        var router = Grains.GetGrain<IMediaRouterGrain>(scenario.Id);
        (SfuServer origin, SfuServer edge) = await LocateSfusAsync(router);
        (SfuTestPeer publisher, string camera) = await PublishCameraAsync(router, host, origin);

        var observers = new List<(string Id, SfuTestPeer Peer)>();
        for (int i = 0; i < 3; i++)
        {
            string id = await scenario.JoinAsync(Role.Observer, $"Watcher {i}", hostId: host);
            var peer = Peer(edge);
            var answer = await router.NegotiateAsync(id, new MediaOffer(peer.Offer("recvonly"), new Dictionary<string, TrackSource>(),
                new Dictionary<string, string> { ["1"] = camera }));
            Assert.Contains($" {edge.LocalEndPoint.Port} typ host", answer.Sdp);
            Assert.DoesNotContain($" {origin.LocalEndPoint.Port} typ host", answer.Sdp);
            Assert.True(answer.Epoch > 0, "an edge's answer carries the router epoch, so its browser follows a moved router");
            await peer.ConnectAsync(answer.Sdp);
            observers.Add((id, peer));
        }

        Router edgeRouter = GetRouter(edge, MediaEdgeKey.RouterId(scenario.Id));
        await WaitUntilAsync(() => observers.All(o => edgeRouter.GetTransport(o.Id)?.IsConnected == true));
        Assert.Empty(GetRouter(origin, scenario.Id).GetProducer(camera)!.Consumers);

        long sentBefore = origin.PipePacketsSent;
        long receivedBefore = edge.PipePacketsReceived;
        const int Packets = 15;
        for (int i = 0; i < Packets; i++)
        {
            publisher.SendRtp(SfuTestPeer.Vp8Packet(CameraSsrc, (ushort)(100 + i), (uint)(3000 * i), keyFrame: i == 0, fill: (byte)(i + 1)));
        }

        foreach ((_, SfuTestPeer peer) in observers)
        {
            for (int i = 0; i < Packets; i++)
            {
                Assert.True(peer.Rtp.TryTake(out byte[]? packet, Wait), $"packet {i} did not reach an observer on the edge");
                Assert.True(Live.Media.Rtp.RtpHeader.TryParse(packet!, out var header));
                Assert.Equal((byte)(i + 1), header.GetPayload(packet!)[5]);
            }
        }

        // One pipe stream for the one subscribed track: each packet crossed once for three observers.
        Assert.Equal(Packets, origin.PipePacketsSent - sentBefore);
        Assert.Equal(Packets, edge.PipePacketsReceived - receivedBefore);
        Assert.Equal(1, GetRouter(origin, scenario.Id).PipeSenderCount);
        Assert.Equal([camera], edgeRouter.PipeProducerIds);

        // A subscription to a track the session does not carry (yet) is answered on the edge, as on the origin, and
        // opens no pipe: after a router moves, observers often offer before the publishers are back.
        string late = await scenario.JoinAsync(Role.Observer, "Late watcher", hostId: host);
        var lateAnswer = await router.NegotiateAsync(late, new MediaOffer(Peer(edge).Offer("recvonly"), new Dictionary<string, TrackSource>(),
            new Dictionary<string, string> { ["1"] = "nobody:Camera" }));
        Assert.Contains($" {edge.LocalEndPoint.Port} typ host", lateAnswer.Sdp);
        Assert.Equal(1, GetRouter(origin, scenario.Id).PipeSenderCount);
        await router.LeaveAsync(late);

        // The last observer leaving closes the pipe on both sides.
        foreach ((string id, _) in observers)
        {
            await router.LeaveAsync(id);
        }

        Assert.Equal(0, origin.PipeCount);
        Assert.Equal(0, edge.PipeCount);
    }

    [Fact]
    public async Task Observers_BeyondObserversPerRouter_SpreadToEdgeWhileSpeakersStayOnOrigin()
    {
        await StartClusterAsync(observersPerRouter: 1);
        var (scenario, host) = await SessionScenario.LiveAsync(Grains);
        var router = Grains.GetGrain<IMediaRouterGrain>(scenario.Id);
        (SfuServer origin, SfuServer edge) = await LocateSfusAsync(router);
        (_, string camera) = await PublishCameraAsync(router, host, origin);

        async Task<string> AnswerAsync(Role role)
        {
            string id = await scenario.JoinAsync(role, $"{role} guest", hostId: host);
            var offer = new MediaOffer(Peer(origin).Offer("recvonly"), new Dictionary<string, TrackSource>(), new Dictionary<string, string> { ["1"] = camera });
            return (await router.NegotiateAsync(id, offer)).Sdp;
        }

        string origins = $" {origin.LocalEndPoint.Port} typ host";
        string edges = $" {edge.LocalEndPoint.Port} typ host";
        Assert.Contains(origins, await AnswerAsync(Role.Observer)); // within the limit: the origin serves it
        Assert.Contains(edges, await AnswerAsync(Role.Observer));
        Assert.Contains(edges, await AnswerAsync(Role.Observer));
        Assert.Contains(origins, await AnswerAsync(scenario.GuestRole)); // respondents never go to an edge
        Assert.Equal(1, GetRouter(origin, scenario.Id).PipeSenderCount); // one pipe for two edge observers
        Assert.Equal(2, GetRouter(edge, MediaEdgeKey.RouterId(scenario.Id)).TransportCount);

        // The publisher leaving closes the pipe on both sides and the edge observers' consumers with it.
        await router.LeaveAsync(host);
        Assert.Equal(0, origin.PipeCount);
        Assert.Equal(0, edge.PipeCount);
        Assert.All(GetRouter(edge, MediaEdgeKey.RouterId(scenario.Id)).Producers, p => Assert.NotEqual(camera, p.Id));
    }

    private async Task StartClusterAsync(int observersPerRouter)
    {
        var builder = new TestClusterBuilder(initialSilosCount: 2);
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Live:Media:UdpPort"] = "0",
            ["Live:Media:ObserversPerRouter"] = observersPerRouter.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
        builder.AddSiloBuilderConfigurator<MediaSiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    private async Task<(SfuTestPeer Publisher, string Camera)> PublishCameraAsync(IMediaRouterGrain router, string host, SfuServer origin)
    {
        var publisher = Peer(origin);
        var published = await router.NegotiateAsync(host, new MediaOffer(publisher.Offer("camera"),
            new Dictionary<string, TrackSource> { ["0"] = TrackSource.Microphone, ["1"] = TrackSource.Camera }, new Dictionary<string, string>()));
        Assert.Contains($" {origin.LocalEndPoint.Port} typ host", published.Sdp);
        await publisher.ConnectAsync(published.Sdp);
        string camera = $"{host}:Camera";
        Assert.Contains(published.Tracks, t => t.TrackId == camera);
        return (publisher, camera);
    }

    private SfuTestPeer Peer(SfuServer server)
    {
        var peer = new SfuTestPeer(server.LocalEndPoint);
        _peers.Add(peer);
        return peer;
    }

    /// <summary>The SFU of the silo the session's media router grain is activated on, and the other silo's.</summary>
    private async Task<(SfuServer Origin, SfuServer Edge)> LocateSfusAsync(IMediaRouterGrain router)
    {
        await router.GetTracksAsync(); // activates it
        var management = Grains.GetGrain<IManagementGrain>(0);
        SiloAddress? silo = await management.GetActivationAddress(router);
        Assert.NotNull(silo);
        var handles = _cluster!.Silos.Cast<InProcessSiloHandle>().ToList();
        SfuServer Sfu(InProcessSiloHandle handle) => handle.ServiceProvider.GetRequiredService<SfuServer>();
        return (Sfu(handles.Single(h => h.SiloAddress.Equals(silo))), Sfu(handles.Single(h => !h.SiloAddress.Equals(silo))));
    }

    private static Router GetRouter(SfuServer server, string id)
    {
        Assert.True(server.TryGetRouter(id, out Router? router), $"no router {id}");
        return router!;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
