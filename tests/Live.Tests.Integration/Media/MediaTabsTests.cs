using Live.Grains;
using Live.Grains.Media;
using Live.Media;
using Live.Media.Sfu;
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
/// One participant, two browser tabs: the tab that opens its media last holds it, the other tab's offers are refused
/// (<c>media-elsewhere</c>) until it takes the media back, so the two never replace each other's transport in turn.
/// Real DTLS/SRTP peers on a one-silo cluster with the SFU.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class MediaTabsTests : IAsyncLifetime
{
    private static readonly IReadOnlyDictionary<string, TrackSource> Camera =
        new Dictionary<string, TrackSource> { ["0"] = TrackSource.Microphone, ["1"] = TrackSource.Camera };
    private static readonly IReadOnlyDictionary<string, string> Nothing = new Dictionary<string, string>();

    private readonly List<SfuTestPeer> _peers = [];
    private TestCluster? _cluster;

    private IGrainFactory Grains => _cluster!.Client;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["Live:Media:UdpPort"] = "0" }));
        builder.AddSiloBuilderConfigurator<MediaSiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        _peers.ForEach(p => p.Dispose());
        if (_cluster is not null) await _cluster.StopAllSilosAsync();
    }

    [Fact]
    public async Task SecondTab_TakesMediaOver_FirstTabRefusedUntilItTakesItBack()
    {
        var (scenario, host) = await SessionScenario.LiveAsync(Grains);
        var router = Grains.GetGrain<IMediaRouterGrain>(scenario.Id);
        await router.GetTracksAsync();
        SfuServer sfu = ((InProcessSiloHandle)_cluster!.Primary!).ServiceProvider.GetRequiredService<SfuServer>();

        await ConnectAsync(router, sfu, host, "tab-a", takeOver: true);
        WebRtcTransport first = Transport(sfu, scenario.Id, host);

        // The same invite in a second tab: its first offer takes the media over and replaces the transport.
        await ConnectAsync(router, sfu, host, "tab-b", takeOver: true);
        WebRtcTransport second = Transport(sfu, scenario.Id, host);
        Assert.NotSame(first, second);

        // The first tab notices its connection died and reconnects as it always has: refused, and nothing changes.
        var stale = Peer(sfu);
        await Refusal.ExpectAsync("media-elsewhere",
            () => router.NegotiateAsync(host, new MediaOffer(stale.Offer("camera"), Camera, Nothing, "tab-a")));
        Assert.Same(second, Transport(sfu, scenario.Id, host));
        Assert.True(second.IsConnected);
        // The holder itself renegotiates freely (a new track, a reconnection of its own).
        await ConnectAsync(router, sfu, host, "tab-b", takeOver: false);

        // The person clicks "use this tab" in the first tab: the media moves back and the second tab is refused.
        await ConnectAsync(router, sfu, host, "tab-a", takeOver: true);
        await Refusal.ExpectAsync("media-elsewhere",
            () => router.NegotiateAsync(host, new MediaOffer(Peer(sfu).Offer("camera"), Camera, Nothing, "tab-b")));

        // Leaving forgets the tab: the participant's next visit starts anywhere.
        await router.LeaveAsync(host);
        await ConnectAsync(router, sfu, host, "tab-c", takeOver: false);
    }

    [Fact]
    public async Task Offers_WithoutTab_ReplaceTheConnectionAsBefore_BadTabIdsRefused()
    {
        var (scenario, host) = await SessionScenario.LiveAsync(Grains);
        var router = Grains.GetGrain<IMediaRouterGrain>(scenario.Id);
        await router.GetTracksAsync();
        SfuServer sfu = ((InProcessSiloHandle)_cluster!.Primary!).ServiceProvider.GetRequiredService<SfuServer>();

        await ConnectAsync(router, sfu, host, "tab-a", takeOver: true);
        await ConnectAsync(router, sfu, host, tab: null, takeOver: false); // an API caller that does not track tabs
        await Refusal.ExpectAsync("invalid-tab",
            () => router.NegotiateAsync(host, new MediaOffer(Peer(sfu).Offer("camera"), Camera, Nothing, new string('x', MediaRouterGrain.MaxTabLength + 1))));
        await Refusal.ExpectAsync("invalid-tab",
            () => router.NegotiateAsync(host, new MediaOffer(Peer(sfu).Offer("camera"), Camera, Nothing, "")));
    }

    private async Task ConnectAsync(IMediaRouterGrain router, SfuServer sfu, string participant, string? tab, bool takeOver)
    {
        var peer = Peer(sfu);
        var answer = await router.NegotiateAsync(participant, new MediaOffer(peer.Offer("camera"), Camera, Nothing, tab, takeOver));
        await peer.ConnectAsync(answer.Sdp);
    }

    private SfuTestPeer Peer(SfuServer server)
    {
        var peer = new SfuTestPeer(server.LocalEndPoint);
        _peers.Add(peer);
        return peer;
    }

    private static WebRtcTransport Transport(SfuServer sfu, string sessionId, string participant)
    {
        Assert.True(sfu.TryGetRouter(sessionId, out Router? router));
        return router!.GetTransport(participant) ?? throw new InvalidOperationException($"no transport for {participant}");
    }
}
