using Live.Media.Sdp;

namespace Live.Tests.Unit.Media.Sdp;

public class SfuAnswerBuilderTests
{
    private const string Fingerprint =
        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

    private static readonly string[] AllowedFeedback = ["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"];

    private static SfuAnswerOptions Options(IReadOnlyDictionary<string, SfuMediaPlan>? plans = null) => new()
    {
        IceUfrag = "sfuU",
        IcePassword = "sfuPasswordSfuPassword1",
        FingerprintSha256 = Fingerprint,
        CandidateAddress = "203.0.113.7",
        CandidatePort = 40000,
        Plans = plans ?? new Dictionary<string, SfuMediaPlan>(),
    };

    private static SessionDescription Answer(SessionDescription offer, SfuAnswerOptions options)
    {
        Assert.True(SfuAnswerBuilder.TryBuild(offer, options, out SessionDescription answer, out string error), error);

        // The serialized answer must itself be valid SDP that round-trips.
        string text = answer.ToString();
        Assert.True(SdpParser.TryParse(text, out SessionDescription reparsed, out error), error);
        Assert.Equal(text, reparsed.ToString());
        return reparsed;
    }

    [Theory]
    [MemberData(nameof(ChromiumOffers.All), MemberType = typeof(ChromiumOffers))]
    public void TryBuild_ChromiumOffer_AnswersIceLitePassiveBundled(string name)
    {
        SessionDescription offer = ChromiumOffers.Parse(name);

        SessionDescription answer = Answer(offer, Options());

        Assert.True(answer.IsIceLite);
        Assert.Equal(offer.Media.Select(m => (m.Kind, m.Mid)), answer.Media.Select(m => (m.Kind, m.Mid)));
        List<MediaDescription> accepted = answer.Media.Where(m => m.Port != 0).ToList();
        Assert.Equal(accepted.Select(m => m.Mid!), answer.BundleGroup);
        Assert.All(accepted, m =>
        {
            Assert.Equal(40000, m.Port);
            Assert.Equal("passive", m.Setup);
            Assert.Equal(new SdpFingerprint("sha-256", Fingerprint), m.Fingerprint);
            Assert.Equal(("sfuU", "sfuPasswordSfuPassword1"), (m.IceUfrag, m.IcePassword));
            Assert.True(m.IsRtcpMux);
            Assert.Equal("1 1 udp 2130706431 203.0.113.7 40000 typ host", Assert.Single(m.Candidates));
            Assert.Contains(new SdpField('c', "IN IP4 203.0.113.7"), m.Fields);
        });
    }

    [Fact]
    public void TryBuild_TcpCandidatePort_AddsPassiveTcpCandidateAfterUdpWithLowerPriority()
    {
        SessionDescription answer = Answer(ChromiumOffers.Parse("camera"), Options() with { TcpCandidatePort = 40001 });

        Assert.All(answer.Media.Where(m => m.Port != 0), m =>
        {
            Assert.Equal(40000, m.Port);
            Assert.Equal(
                ["1 1 udp 2130706431 203.0.113.7 40000 typ host", "2 1 tcp 2124414975 203.0.113.7 40001 typ host tcptype passive"],
                m.Candidates);
        });

        // RFC 6544 §4.2: 2^24 * 126 + 2^8 * (2^13 * 4 + 8191) + 255.
        Assert.Equal(2124414975u, Live.Media.Ice.IceCandidatePriority.HostTcpPassive());
    }

    [Fact]
    public void TryBuild_UdpCandidateOff_OffersOnlyTcpAndPutsItsPortOnMLine()
    {
        SessionDescription answer = Answer(ChromiumOffers.Parse("camera"),
            Options() with { TcpCandidatePort = 40001, IncludeUdpCandidate = false });

        Assert.All(answer.Media.Where(m => m.Port != 0), m =>
        {
            Assert.Equal(40001, m.Port);
            Assert.Equal("2 1 tcp 2124414975 203.0.113.7 40001 typ host tcptype passive", Assert.Single(m.Candidates));
        });
    }

    [Fact]
    public void TryBuild_NoCandidateAtAll_RefusedWithReason()
    {
        Assert.False(SfuAnswerBuilder.TryBuild(ChromiumOffers.Parse("camera"), Options() with { IncludeUdpCandidate = false },
            out _, out string error));
        Assert.Contains("neither UDP nor TCP", error);
    }

    [Theory]
    [MemberData(nameof(ChromiumOffers.All), MemberType = typeof(ChromiumOffers))]
    public void TryBuild_ChromiumOffer_AcceptsOnlySupportedCodecsFeedbackAndExtensions(string name)
    {
        SessionDescription offer = ChromiumOffers.Parse(name);

        SessionDescription answer = Answer(offer, Options());

        foreach (MediaDescription section in answer.Media.Where(m => m.Port != 0))
        {
            MediaDescription offered = offer.FindMedia(section.Mid!)!;
            IReadOnlyList<SdpPayloadFormat> offeredFormats = offered.GetPayloadFormats();
            IReadOnlyList<SdpPayloadFormat> formats = section.GetPayloadFormats();
            foreach (SdpPayloadFormat format in formats)
            {
                SdpPayloadFormat original = offeredFormats.Single(f => f.PayloadType == format.PayloadType);
                Assert.Equal(original.RtpMap, format.RtpMap);
                Assert.Equal(original.Fmtp, format.Fmtp);
                Assert.All(format.Feedback, f => Assert.Contains(f.Kind, AllowedFeedback));
                Assert.All(format.Feedback, f => Assert.Contains(f.Kind, original.Feedback.Select(o => o.Kind)));
            }

            string[] primaries = formats.Where(f => f.EncodingName != "rtx").Select(f => f.EncodingName!).ToArray();
            if (section.Kind == "audio")
            {
                Assert.Equal(["opus"], primaries);
            }
            else
            {
                Assert.Equal(["VP8", "H264"], primaries);
                SdpPayloadFormat h264 = formats.Single(f => f.EncodingName == "H264");
                Assert.Equal("1", h264.Fmtp!.GetParameter("packetization-mode"));
                Assert.Equal("42e01f", h264.Fmtp.GetParameter("profile-level-id"));
                int[] expectedRtx = offeredFormats
                    .Where(f => f.EncodingName == "rtx" && (f.AssociatedPayloadType == formats[0].PayloadType || f.AssociatedPayloadType == h264.PayloadType))
                    .Select(f => f.PayloadType)
                    .ToArray();
                Assert.Equal(expectedRtx, formats.Where(f => f.EncodingName == "rtx").Select(f => f.PayloadType));
            }

            Assert.All(section.Extmaps, e => Assert.Contains(e, offered.Extmaps));
            Assert.All(section.Extmaps, e => Assert.Contains(e.Uri, SfuAnswerOptions.DefaultHeaderExtensions));
            Assert.Equal(
                offered.Extmaps.Count(e => SfuAnswerOptions.DefaultHeaderExtensions.Contains(e.Uri)),
                section.Extmaps.Count);
        }
    }

    [Theory]
    [InlineData("camera", SfuMediaDirection.Receive, SdpDirection.RecvOnly)]
    [InlineData("camera", SfuMediaDirection.Send, SdpDirection.SendOnly)]
    [InlineData("camera", SfuMediaDirection.SendReceive, SdpDirection.SendRecv)]
    [InlineData("camera", SfuMediaDirection.Inactive, SdpDirection.Inactive)]
    [InlineData("recvonly", SfuMediaDirection.Receive, SdpDirection.Inactive)]
    [InlineData("recvonly", SfuMediaDirection.SendReceive, SdpDirection.SendOnly)]
    [InlineData("simulcast", SfuMediaDirection.Send, SdpDirection.Inactive)]
    public void TryBuild_PlanAgainstOfferDirection_MirrorsWhatBothSidesCanDo(string name, SfuMediaDirection plan, SdpDirection expected)
    {
        SessionDescription offer = ChromiumOffers.Parse(name);
        var stream = new SfuSendStream(111, 222, "room", "track");
        string videoMid = offer.Media.First(m => m.Kind == "video").Mid!;

        SessionDescription answer = Answer(offer, Options(new Dictionary<string, SfuMediaPlan> { [videoMid] = new(plan, stream) }));

        Assert.Equal(expected, answer.FindMedia(videoMid)!.Direction);
    }

    [Fact]
    public void TryBuild_SendingSection_AnnouncesSsrcsRtxGroupAndMsid()
    {
        SessionDescription offer = ChromiumOffers.Parse("recvonly");
        var plans = new Dictionary<string, SfuMediaPlan>
        {
            ["0"] = new(SfuMediaDirection.Send, new SfuSendStream(5000, null, "room-1", "alice-mic")),
            ["1"] = new(SfuMediaDirection.Send, new SfuSendStream(6000, 6001, "room-1", "alice-cam")),
        };

        SessionDescription answer = Answer(offer, Options(plans) with { Cname = "sfu-cname" });

        MediaDescription audio = answer.Media[0];
        Assert.Equal(new SdpMsid("room-1", "alice-mic"), audio.Msid);
        Assert.Empty(audio.SsrcGroups);
        Assert.Equal([new SdpSsrc(5000, "cname", "sfu-cname"), new SdpSsrc(5000, "msid", "room-1 alice-mic")], audio.Ssrcs);
        MediaDescription video = answer.Media[1];
        Assert.Equal(SdpDirection.SendOnly, video.Direction);
        Assert.Equal(new SdpSsrcGroup("FID", [6000, 6001]).ToString(), Assert.Single(video.SsrcGroups).ToString());
        Assert.Equal([6000u, 6000u, 6001u, 6001u], video.Ssrcs.Select(s => s.Ssrc));
    }

    [Fact]
    public void TryBuild_ReceivingSection_HasNoSsrcLines()
    {
        SessionDescription answer = Answer(ChromiumOffers.Parse("camera"), Options());

        Assert.All(answer.Media, m => Assert.Empty(m.Ssrcs));
        Assert.All(answer.Media, m => Assert.Null(m.Msid));
    }

    [Fact]
    public void TryBuild_SimulcastOffer_AnswersRidsAsRecv()
    {
        SessionDescription answer = Answer(ChromiumOffers.Parse("simulcast"), Options());

        MediaDescription video = answer.Media[1];
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal([new SdpRid("q", "recv"), new SdpRid("h", "recv"), new SdpRid("f", "recv")], video.Rids);
        Assert.Equal("recv q;h;f", video.Simulcast);
    }

    [Fact]
    public void TryBuild_DatachannelOffer_RejectsApplicationWithPortZero()
    {
        SessionDescription offer = ChromiumOffers.Parse("datachannel");

        SessionDescription answer = Answer(offer, Options());

        MediaDescription application = answer.Media[^1];
        Assert.Equal((0, "UDP/DTLS/SCTP", "2"), (application.Port, application.Protocol, application.Mid));
        Assert.Equal(["webrtc-datachannel"], application.Formats);
        Assert.DoesNotContain("2", answer.BundleGroup);
    }

    [Fact]
    public void TryBuild_VideoWithOnlyVp9_RejectsSection()
    {
        const string Text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0 1\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=rtcp-mux\r\na=rtpmap:111 opus/48000/2\r\n"
            + "m=video 9 UDP/TLS/RTP/SAVPF 98\r\na=mid:1\r\na=rtcp-mux\r\na=rtpmap:98 VP9/90000\r\n";
        Assert.True(SdpParser.TryParse(Text, out SessionDescription offer, out string error), error);

        SessionDescription answer = Answer(offer, Options());

        Assert.Equal([40000, 0], answer.Media.Select(m => m.Port));
        Assert.Equal(["0"], answer.BundleGroup);
    }

    [Fact]
    public void TryBuild_H264Disabled_OffersVp8Only()
    {
        SessionDescription answer = Answer(ChromiumOffers.Parse("camera"), Options() with { EnableH264 = false });

        Assert.Equal(["VP8", "rtx"], answer.Media[1].GetPayloadFormats().Select(f => f.EncodingName));
    }

    [Fact]
    public void TryBuild_Ipv6Candidate_UsesIp6Connection()
    {
        SessionDescription answer = Answer(ChromiumOffers.Parse("camera"), Options() with { CandidateAddress = "2001:db8::7" });

        Assert.Contains(new SdpField('c', "IN IP6 2001:db8::7"), answer.Media[0].Fields);
    }

    [Theory]
    [InlineData("a=mid:0\r\n", "a=mid:0\r\n", "twice")]
    [InlineData("", "a=mid:1\r\n", "no a=mid")]
    public void TryBuild_BadMids_ReturnsError(string firstMid, string secondMid, string expected)
    {
        string text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + firstMid + "a=rtpmap:111 opus/48000/2\r\n"
            + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n" + secondMid + "a=rtpmap:111 opus/48000/2\r\n";
        Assert.True(SdpParser.TryParse(text, out SessionDescription offer, out string error), error);

        Assert.False(SfuAnswerBuilder.TryBuild(offer, Options(), out _, out error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryBuild_BadCandidateAddress_ReturnsError()
    {
        Assert.False(SfuAnswerBuilder.TryBuild(ChromiumOffers.Parse("camera"), Options() with { CandidateAddress = "sfu.local" }, out _, out string error));
        Assert.Contains("not an IP address", error, StringComparison.Ordinal);
    }
}
