using Live.Media.Dtls;
using Live.Media.Sdp;
using Live.Media.Sfu;
using Live.Tests.Unit.Media.Sdp;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary><see cref="Router.Negotiate"/> against captured Chromium offers: answers, producers, consumers, refusals.</summary>
public sealed class RouterNegotiateTests : IDisposable
{
    private readonly SfuServer _server = new(new SfuOptions { Port = 0 });

    private Router Room => _server.GetOrCreateRouter("room");

    public void Dispose() => _server.Dispose();

    [Fact]
    public void Negotiate_CameraOfferPublishing_AnswerHasBundleCandidateAndFingerprint()
    {
        NegotiationResult result = PublishCamera("alice");

        Assert.True(result.Succeeded, result.Error);
        Assert.True(SdpParser.TryParse(result.AnswerSdp, out SessionDescription answer, out string error), error);
        Assert.True(answer.IsIceLite);
        Assert.Equal(["0", "1"], answer.BundleGroup);
        Assert.Collection(answer.Media[1].Candidates,
            udp => Assert.EndsWith($"udp 2130706431 127.0.0.1 {_server.LocalEndPoint.Port} typ host", udp),
            tcp => Assert.EndsWith($"tcp 2124414975 127.0.0.1 {_server.TcpLocalEndPoint!.Port} typ host tcptype passive", tcp));
        Assert.Equal(DtlsCertificate.Current.Fingerprint.ToString(), answer.Media[0].Fingerprint!.ToString());
        Assert.All(answer.Media, m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));
        Assert.Equal(["alice:Camera", "alice:Microphone"], result.Producers.Select(p => p.Id));
        Producer camera = Room.GetProducer("alice:Camera")!;
        Assert.Equal((1444018788u, (uint?)1261702253u), (camera.Ssrc, camera.RtxSsrc));
        Assert.Equal(MediaKind.Video, camera.Kind);
        Assert.Equal(1094172593u, Room.GetProducer("alice:Microphone")!.Ssrc);
    }

    [Fact]
    public void Negotiate_RecvonlyOfferSubscribing_AnswerAnnouncesConsumerSsrcsWithRtx()
    {
        PublishCamera("alice");
        NegotiationResult result = Room.Negotiate("bob", ChromiumOffers.Read("recvonly"), null,
            new Dictionary<string, string> { ["0"] = "alice:Microphone", ["1"] = "alice:Camera" });

        Assert.True(result.Succeeded, result.Error);
        Assert.True(SdpParser.TryParse(result.AnswerSdp, out SessionDescription answer, out _));
        WebRtcTransport bob = Room.GetTransport("bob")!;
        Consumer video = bob.Consumers.Single(c => c.Mid == "1");
        MediaDescription section = answer.FindMedia("1")!;
        Assert.Equal(SdpDirection.SendOnly, section.Direction);
        Assert.NotNull(video.RtxSsrc);
        SdpSsrcGroup fid = Assert.Single(section.SsrcGroups);
        Assert.Equal([video.Ssrc, video.RtxSsrc!.Value], fid.Ssrcs);
        Assert.Contains(section.Ssrcs, s => s.Ssrc == video.Ssrc && s.Attribute == "msid");
        Consumer audio = bob.Consumers.Single(c => c.Mid == "0");
        Assert.Null(audio.RtxSsrc);
        Assert.Contains(answer.FindMedia("0")!.Ssrcs, s => s.Ssrc == audio.Ssrc && s.Attribute == "cname");
        Assert.Same(Room.GetProducer("alice:Camera"), video.Producer);
        Assert.Contains(video, video.Producer.Consumers);
    }

    [Fact]
    public void Negotiate_RecvonlyOfferSubscribing_AnswerOffersTransportCcOnWhatTheSfuSends()
    {
        PublishCamera("alice");
        var subscribe = new Dictionary<string, string> { ["0"] = "alice:Microphone", ["1"] = "alice:Camera" };
        NegotiationResult result = Room.Negotiate("bob", ChromiumOffers.Read("recvonly"), null, subscribe);

        Assert.True(result.Succeeded, result.Error);
        Assert.True(SdpParser.TryParse(result.AnswerSdp, out SessionDescription answer, out _));
        foreach (string mid in subscribe.Keys)
        {
            // draft-holmer-rmcat-transport-wide-cc-extensions-01 §4: the extension with Chromium's id, feedback per codec.
            MediaDescription section = answer.FindMedia(mid)!;
            Assert.Equal(SdpDirection.SendOnly, section.Direction);
            Assert.Equal(3, section.GetExtmapId(RtpHeaderExtensionUri.TransportWideCc));
            Assert.All(section.GetPayloadFormats().Where(f => f.EncodingName != "rtx"), f => Assert.Contains("transport-cc", f.Feedback.Select(x => x.Kind)));
        }

        WebRtcTransport bob = Room.GetTransport("bob")!;
        Assert.Equal(3, bob.OutgoingTransportWideCcExtensionId);

        // Subscribing to nothing stops the stamping; subscribing again resumes it on the same transport.
        Assert.True(Room.Negotiate("bob", ChromiumOffers.Read("recvonly"), null, null).Succeeded);
        Assert.Equal(0, bob.OutgoingTransportWideCcExtensionId);
        Assert.True(Room.Negotiate("bob", ChromiumOffers.Read("recvonly"), null, subscribe).Succeeded);
        Assert.Equal(3, bob.OutgoingTransportWideCcExtensionId);
    }

    [Fact]
    public void Negotiate_SameOfferAgain_KeepsTransportProducersAndIceCredentials()
    {
        NegotiationResult first = PublishCamera("alice");
        Producer camera = Room.GetProducer("alice:Camera")!;
        WebRtcTransport transport = Room.GetTransport("alice")!;

        NegotiationResult second = PublishCamera("alice");

        Assert.True(second.Succeeded, second.Error);
        Assert.Same(transport, Room.GetTransport("alice"));
        Assert.Same(camera, Room.GetProducer("alice:Camera"));
        Assert.Empty(second.ClosedProducerIds);
        Assert.Equal(IceUfragOf(first.AnswerSdp!), IceUfragOf(second.AnswerSdp!));
        Assert.Equal(1, _server.TransportCount);
    }

    [Fact]
    public void Negotiate_PublishedMidNoLongerPublished_ClosesProducerAndItsConsumers()
    {
        PublishCamera("alice");
        Room.Negotiate("bob", ChromiumOffers.Read("recvonly"), null, new Dictionary<string, string> { ["1"] = "alice:Camera" });
        Consumer consumer = Room.GetTransport("bob")!.Consumers.Single();

        NegotiationResult result = Room.Negotiate("alice", ChromiumOffers.Read("camera"),
            new Dictionary<string, TrackSource> { ["0"] = TrackSource.Microphone }, null);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["alice:Camera"], result.ClosedProducerIds);
        Assert.Equal(["alice:Microphone"], result.Producers.Select(p => p.Id));
        Assert.True(consumer.IsClosed);
        Assert.Empty(Room.GetTransport("bob")!.Consumers);
    }

    [Fact]
    public void Negotiate_NewIceUfrag_RestartsIceWithNewLocalCredentials()
    {
        NegotiationResult first = PublishCamera("alice");
        string restarted = ChromiumOffers.Read("camera").Replace("a=ice-ufrag:gTYl", "a=ice-ufrag:xYz9")
            .Replace("a=ice-pwd:A4KRB3qvq/Z7aOLS9/Wq8+1+", "a=ice-pwd:B4KRB3qvq/Z7aOLS9/Wq8+1+");

        NegotiationResult second = Room.Negotiate("alice", restarted, CameraAndMic, null);

        Assert.True(second.Succeeded, second.Error);
        Assert.NotEqual(IceUfragOf(first.AnswerSdp!), IceUfragOf(second.AnswerSdp!));
        Assert.Same(Room.GetProducer("alice:Camera"), Room.GetProducer("alice:Camera"));
        Assert.Empty(second.ClosedProducerIds);
    }

    [Fact]
    public void CloseParticipant_Publisher_RemovesTransportProducersAndConsumers()
    {
        PublishCamera("alice");
        Room.Negotiate("bob", ChromiumOffers.Read("recvonly"), null, new Dictionary<string, string> { ["1"] = "alice:Camera" });

        IReadOnlyList<string> closed = Room.CloseParticipant("alice");

        Assert.Equal(["alice:Camera", "alice:Microphone"], closed.Order());
        Assert.Empty(Room.Producers);
        Assert.Empty(Room.GetTransport("bob")!.Consumers);
        Assert.Equal(1, _server.TransportCount);
    }

    public static TheoryData<string, string> RefusedOffers => new()
    {
        { "malformed", "malformed SDP" },
        { "unknown-producer", "unknown producer nobody:Camera" },
        { "both-maps", "both to publish and to subscribe" },
        { "publish-recvonly", "publishing needs sendonly or sendrecv" },
        { "kind-mismatch", "needs audio" },
        { "no-fingerprint", "a=fingerprint" },
        { "missing-mid", "publish mid 7 is not an active section" },
    };

    [Theory]
    [MemberData(nameof(RefusedOffers))]
    public void Negotiate_BadInput_RefusedWithErrorAndNothingChanges(string kind, string expected)
    {
        string camera = ChromiumOffers.Read("camera");
        NegotiationResult result = kind switch
        {
            "malformed" => Room.Negotiate("x", "v=0\r\nthis is not sdp", CameraAndMic, null),
            "unknown-producer" => Room.Negotiate("x", ChromiumOffers.Read("recvonly"), null, new Dictionary<string, string> { ["1"] = "nobody:Camera" }),
            "both-maps" => Room.Negotiate("x", camera, CameraAndMic, new Dictionary<string, string> { ["1"] = "x:Camera" }),
            "publish-recvonly" => Room.Negotiate("x", ChromiumOffers.Read("recvonly"), CameraAndMic, null),
            "kind-mismatch" => Room.Negotiate("x", camera, new Dictionary<string, TrackSource> { ["1"] = TrackSource.Microphone }, null),
            "no-fingerprint" => Room.Negotiate("x", string.Join("\r\n", camera.Split("\r\n").Where(l => !l.StartsWith("a=fingerprint"))), CameraAndMic, null),
            _ => Room.Negotiate("x", camera, new Dictionary<string, TrackSource> { ["7"] = TrackSource.Camera }, null),
        };

        Assert.False(result.Succeeded);
        Assert.Contains(expected, result.Error);
        Assert.Null(result.AnswerSdp);
        Assert.Null(Room.GetTransport("x"));
        Assert.Equal(0, _server.TransportCount);
    }

    [Fact]
    public void Negotiate_ScreenShareStopped_ClosesOnlyScreenProducer()
    {
        var all = new Dictionary<string, TrackSource> { ["0"] = TrackSource.Microphone, ["1"] = TrackSource.Camera, ["2"] = TrackSource.Screen };
        Assert.True(Room.Negotiate("alice", ChromiumOffers.Read("screen"), all, null).Succeeded);
        string stopped = ChromiumOffers.Read("screen");
        int third = stopped.LastIndexOf("m=video 9", StringComparison.Ordinal);
        stopped = stopped[..third] + stopped[third..].Replace("a=sendrecv", "a=inactive");
        all.Remove("2");

        NegotiationResult result = Room.Negotiate("alice", stopped, all, null);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(["alice:Screen"], result.ClosedProducerIds);
        Assert.Equal(["alice:Camera", "alice:Microphone"], result.Producers.Select(p => p.Id));
    }

    internal static Dictionary<string, TrackSource> CameraAndMic => new() { ["0"] = TrackSource.Microphone, ["1"] = TrackSource.Camera };

    private NegotiationResult PublishCamera(string participant) =>
        Room.Negotiate(participant, ChromiumOffers.Read("camera"), CameraAndMic, null);

    private static string IceUfragOf(string sdp) =>
        Assert.Single(ChromiumOffers.RawValues(sdp, "ice-ufrag").Distinct());
}
