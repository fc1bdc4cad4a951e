using Live.Media.Sdp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Sdp;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary><see cref="Router.Negotiate"/> against the captured Firefox offers.</summary>
public sealed class RouterFirefoxTests : IDisposable
{
    private readonly SfuServer _server = new(new SfuOptions { Port = 0 });

    private Router Room => _server.GetOrCreateRouter("room");

    public void Dispose() => _server.Dispose();

    [Fact]
    public void Negotiate_FirefoxScreenOffer_PublishesTheBundleOnlyScreenSection()
    {
        // Firefox offers its second video section (the screen) with port 0 and a=bundle-only.
        var publish = new Dictionary<string, TrackSource>
        {
            ["0"] = TrackSource.Microphone, ["1"] = TrackSource.Camera, ["2"] = TrackSource.Screen,
        };

        NegotiationResult result = Room.Negotiate("alice", FirefoxOffers.Read("screen"), publish, null);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["alice:Camera", "alice:Microphone", "alice:Screen"], result.Producers.Select(p => p.Id).Order());
        Assert.True(SdpParser.TryParse(result.AnswerSdp, out SessionDescription answer, out string error), error);
        Assert.Equal(["0", "1", "2"], answer.BundleGroup);
        MediaDescription screen = answer.FindMedia("2")!;
        Assert.Equal((_server.LocalEndPoint.Port, SdpDirection.RecvOnly), (screen.Port, screen.Direction));
        Producer producer = Room.GetProducer("alice:Screen")!;
        Assert.Equal(MediaKind.Video, producer.Kind);
        Assert.Equal(FirefoxOffers.Parse("screen").Media[2].SsrcGroups[0].Ssrcs[0], producer.Ssrc);
    }

    [Fact]
    public void Negotiate_FirefoxRecvonlyOffer_AnswerOffersTransportCcWithFirefoxsId()
    {
        var publish = new Dictionary<string, TrackSource> { ["0"] = TrackSource.Microphone, ["1"] = TrackSource.Camera };
        Assert.True(Room.Negotiate("alice", FirefoxOffers.Read("camera"), publish, null).Succeeded);
        var subscribe = new Dictionary<string, string> { ["0"] = "alice:Microphone", ["1"] = "alice:Camera" };

        NegotiationResult result = Room.Negotiate("bob", FirefoxOffers.Read("recvonly"), null, subscribe);

        Assert.True(result.Succeeded, result.Error);
        Assert.True(SdpParser.TryParse(result.AnswerSdp, out SessionDescription answer, out _));
        foreach (string mid in subscribe.Keys)
        {
            MediaDescription section = answer.FindMedia(mid)!;
            Assert.Equal(SdpDirection.SendOnly, section.Direction);
            Assert.Equal(7, section.GetExtmapId(RtpHeaderExtensionUri.TransportWideCc)); // a=extmap:7 in Firefox's offer
            Assert.All(section.GetPayloadFormats().Where(f => f.EncodingName != "rtx"), f => Assert.Contains("transport-cc", f.Feedback.Select(x => x.Kind)));
        }

        Assert.Equal(7, Room.GetTransport("bob")!.OutgoingTransportWideCcExtensionId);
    }

    [Fact]
    public void Negotiate_FirefoxCameraOffer_TakesTheSessionLevelFingerprint()
    {
        var publish = new Dictionary<string, TrackSource> { ["0"] = TrackSource.Microphone, ["1"] = TrackSource.Camera };

        NegotiationResult result = Room.Negotiate("alice", FirefoxOffers.Read("camera"), publish, null);
        NegotiationResult withoutFingerprint = Room.Negotiate("bob",
            string.Join("\r\n", FirefoxOffers.Read("camera").Split("\r\n").Where(l => !l.StartsWith("a=fingerprint:", StringComparison.Ordinal))),
            publish, null);

        Assert.True(result.Succeeded, result.Error);
        Assert.False(withoutFingerprint.Succeeded);
        Assert.Contains("fingerprint", withoutFingerprint.Error);
    }
}
