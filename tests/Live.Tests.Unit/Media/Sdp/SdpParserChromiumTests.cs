using Live.Media.Sdp;

namespace Live.Tests.Unit.Media.Sdp;

public class SdpParserChromiumTests
{
    [Theory]
    [MemberData(nameof(ChromiumOffers.All), MemberType = typeof(ChromiumOffers))]
    public void TryParse_ChromiumOffer_SerializesBackToIdenticalText(string name)
    {
        string text = ChromiumOffers.Read(name);

        Assert.True(SdpParser.TryParse(text, out SessionDescription offer, out string error), error);
        Assert.Equal(text, offer.ToString());
    }

    [Theory]
    [MemberData(nameof(ChromiumOffers.All), MemberType = typeof(ChromiumOffers))]
    public void TryParse_ChromiumOffer_ExposesBundleIceAndDtls(string name)
    {
        string text = ChromiumOffers.Read(name);
        SessionDescription offer = ChromiumOffers.Parse(name);

        string bundle = Assert.Single(ChromiumOffers.RawValues(text, "group"));
        Assert.Equal(bundle.Split(' ').Skip(1), offer.BundleGroup);
        Assert.Equal(ChromiumOffers.RawValues(text, "mid"), offer.Media.Select(m => m.Mid));
        Assert.Equal(ChromiumOffers.RawValues(text, "ice-ufrag"), offer.Media.Select(m => m.IceUfrag));
        Assert.Equal(ChromiumOffers.RawValues(text, "ice-pwd"), offer.Media.Select(m => m.IcePassword));
        Assert.All(offer.Media, m => Assert.Equal("actpass", m.Setup));
        Assert.All(offer.Media, m => Assert.Equal("sha-256", m.Fingerprint!.Algorithm));
        Assert.All(offer.Media, m => Assert.Equal(32, m.Fingerprint!.Value.Split(':').Length));
        Assert.All(offer.Media.Where(m => m.Kind != "application"), m => Assert.True(m.IsRtcpMux));
        Assert.False(offer.IsIceLite);
    }

    [Fact]
    public void TryParse_CameraOffer_ReadsCodecsExtensionsAndSsrcs()
    {
        SessionDescription offer = ChromiumOffers.Parse("camera");
        MediaDescription audio = offer.Media[0];
        MediaDescription video = offer.Media[1];

        Assert.Equal(("audio", 9, "UDP/TLS/RTP/SAVPF"), (audio.Kind, audio.Port, audio.Protocol));
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
        SdpPayloadFormat opus = audio.GetPayloadFormats().First();
        Assert.Equal(new SdpRtpMap(111, "opus", 48000, 2), opus.RtpMap);
        Assert.Equal("1", opus.Fmtp!.GetParameter("useinbandfec"));
        Assert.Equal(["transport-cc"], opus.Feedback.Select(f => f.Kind));
        Assert.Equal(3, audio.GetExtmapId(RtpHeaderExtensionUri.TransportWideCc));

        IReadOnlyList<SdpPayloadFormat> videoFormats = video.GetPayloadFormats();
        Assert.Equal(video.Formats.Count, videoFormats.Count);
        SdpPayloadFormat vp8 = videoFormats.Single(f => f.EncodingName == "VP8");
        Assert.Equal(["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"], vp8.Feedback.Select(f => f.Kind));
        SdpPayloadFormat vp8Rtx = videoFormats.Single(f => f.AssociatedPayloadType == vp8.PayloadType);
        Assert.Equal("rtx", vp8Rtx.EncodingName);
        Assert.Contains(videoFormats, f => f.EncodingName == "H264" && f.Fmtp!.GetParameter("packetization-mode") == "1");

        SdpSsrcGroup fid = Assert.Single(video.SsrcGroups);
        Assert.Equal(SdpSsrcGroup.FlowIdentification, fid.Semantics);
        Assert.Equal(2, fid.Ssrcs.Count);
        Assert.Equal(fid.Ssrcs, video.Ssrcs.Where(s => s.Attribute == "cname").Select(s => s.Ssrc));
        SdpMsid msid = video.Msid!;
        Assert.All(video.Ssrcs.Where(s => s.Attribute == "msid"), s => Assert.Equal(msid.ToString(), s.Value));
        Assert.Equal(audio.Msid!.StreamId, msid.StreamId);
    }

    [Fact]
    public void TryParse_ScreenOffer_HasThreeSectionsWithDistinctStreams()
    {
        SessionDescription offer = ChromiumOffers.Parse("screen");

        Assert.Equal(["audio", "video", "video"], offer.Media.Select(m => m.Kind));
        Assert.NotEqual(offer.Media[1].Msid!.StreamId, offer.Media[2].Msid!.StreamId);
        Assert.Equal(3, offer.BundleGroup.Count);
    }

    [Fact]
    public void TryParse_RecvonlyOffer_HasNoSsrcs()
    {
        SessionDescription offer = ChromiumOffers.Parse("recvonly");

        Assert.All(offer.Media, m => Assert.Equal(SdpDirection.RecvOnly, m.Direction));
        Assert.All(offer.Media, m => Assert.Empty(m.Ssrcs));
    }

    [Fact]
    public void TryParse_SimulcastOffer_KeepsRidAndSimulcastLines()
    {
        SessionDescription offer = ChromiumOffers.Parse("simulcast");
        MediaDescription video = offer.Media[1];

        Assert.Equal(SdpDirection.SendOnly, video.Direction);
        Assert.Equal([new SdpRid("q", "send"), new SdpRid("h", "send"), new SdpRid("f", "send")], video.Rids);
        Assert.Equal("send q;h;f", video.Simulcast);
        Assert.NotNull(video.GetExtmapId(RtpHeaderExtensionUri.RtpStreamId));
    }

    [Fact]
    public void TryParse_DatachannelOffer_KeepsApplicationSection()
    {
        SessionDescription offer = ChromiumOffers.Parse("datachannel");
        MediaDescription application = offer.Media[^1];

        Assert.Equal(("application", "UDP/DTLS/SCTP"), (application.Kind, application.Protocol));
        Assert.Equal(["webrtc-datachannel"], application.Formats);
        Assert.Equal("5000", application.GetAttribute("sctp-port"));
        Assert.Empty(application.GetPayloadFormats());
    }

    [Fact]
    public void TryParse_LfOnlyLineEndings_Accepted()
    {
        string text = ChromiumOffers.Read("camera").Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.True(SdpParser.TryParse(text, out SessionDescription offer, out string error), error);
        Assert.Equal(ChromiumOffers.Read("camera"), offer.ToString());
    }
}
