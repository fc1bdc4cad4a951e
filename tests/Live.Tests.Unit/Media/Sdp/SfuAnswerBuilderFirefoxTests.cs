using Live.Media.Sdp;

namespace Live.Tests.Unit.Media.Sdp;

/// <summary>The SFU's answers to the captured Firefox offers (Firefox accepts each of them: scripts/sdp-capture/capture-firefox.mjs).</summary>
public class SfuAnswerBuilderFirefoxTests
{
    private const string Fingerprint =
        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

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
        string text = answer.ToString();
        Assert.True(SdpParser.TryParse(text, out SessionDescription reparsed, out error), error);
        return reparsed;
    }

    [Theory]
    [MemberData(nameof(FirefoxOffers.All), MemberType = typeof(FirefoxOffers))]
    public void TryBuild_FirefoxOffer_AcceptsEveryRtpSectionBundledWithFingerprint(string name)
    {
        SessionDescription offer = FirefoxOffers.Parse(name);

        SessionDescription answer = Answer(offer, Options());

        Assert.Equal(offer.Media.Select(m => (m.Kind, m.Mid)), answer.Media.Select(m => (m.Kind, m.Mid)));
        string[] rtpMids = offer.Media.Where(m => m.Kind is "audio" or "video").Select(m => m.Mid!).ToArray();
        Assert.Equal(rtpMids, answer.Media.Where(m => m.Port != 0).Select(m => m.Mid!));
        Assert.Equal(rtpMids, answer.BundleGroup);
        Assert.All(answer.Media.Where(m => m.Port != 0), m =>
        {
            Assert.Equal(40000, m.Port);
            Assert.Equal("passive", m.Setup);
            Assert.Equal(new SdpFingerprint("sha-256", Fingerprint), m.Fingerprint);
            Assert.True(m.IsRtcpMux);
            Assert.DoesNotContain(m.Attributes, a => a.Name == "bundle-only");
        });
    }

    [Fact]
    public void TryBuild_FirefoxSimulcastOffer_AnswersRidsAndRidExtensionsAsRecv()
    {
        SessionDescription answer = Answer(FirefoxOffers.Parse("simulcast"), Options());

        MediaDescription video = answer.Media[1];
        Assert.Equal(SdpDirection.RecvOnly, video.Direction);
        Assert.Equal([new SdpRid("q", "recv"), new SdpRid("h", "recv"), new SdpRid("f", "recv")], video.Rids);
        Assert.Equal("recv q;h;f", video.Simulcast);
        Assert.Contains(new SdpExtmap(9, RtpHeaderExtensionUri.RtpStreamId, "recvonly"), video.Extmaps);
        Assert.Contains(new SdpExtmap(10, RtpHeaderExtensionUri.RepairedRtpStreamId, "recvonly"), video.Extmaps);
    }

    [Fact]
    public void TryBuild_FirefoxScreenOffer_AcceptsTheBundleOnlySecondVideo()
    {
        SessionDescription offer = FirefoxOffers.Parse("screen");
        var stream = new SfuSendStream(111, 222, "room", "track");

        SessionDescription answer = Answer(offer, Options(new Dictionary<string, SfuMediaPlan> { ["2"] = new(SfuMediaDirection.Receive, stream) }));

        MediaDescription screen = answer.FindMedia("2")!;
        Assert.Equal(40000, screen.Port);
        Assert.Equal(SdpDirection.RecvOnly, screen.Direction);
        Assert.Equal([120, 124], screen.GetPayloadFormats().Select(f => f.PayloadType));
    }

    [Theory]
    [MemberData(nameof(FirefoxOffers.All), MemberType = typeof(FirefoxOffers))]
    public void TryBuild_FirefoxOffer_KeepsFirefoxPayloadTypesFmtpAndExtensionIds(string name)
    {
        SessionDescription offer = FirefoxOffers.Parse(name);

        SessionDescription answer = Answer(offer, Options());

        foreach (MediaDescription section in answer.Media.Where(m => m.Port != 0))
        {
            MediaDescription offered = offer.FindMedia(section.Mid!)!;
            IReadOnlyList<SdpPayloadFormat> formats = section.GetPayloadFormats();
            if (section.Kind == "audio")
            {
                SdpPayloadFormat opus = Assert.Single(formats);
                Assert.Equal(new SdpRtpMap(109, "opus", 48000, 2), opus.RtpMap);
                Assert.Equal(offered.GetPayloadFormats()[0].Fmtp, opus.Fmtp);
            }
            else
            {
                // VP8 at Firefox's 120 with its rtx 124; VP9, AV1, red and ulpfec are left out.
                Assert.Equal([(120, "VP8"), (124, "rtx")], formats.Select(f => (f.PayloadType, f.EncodingName!)));
                Assert.Equal(120, formats[1].AssociatedPayloadType);
                Assert.Equal(["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"], formats[0].Feedback.Select(f => f.Kind));
            }

            // Firefox's own extension ids (mid is 3, transport-cc 7); what it only sends (the rid ones in the simulcast
            // offer) is answered recvonly, and extmap-allow-mixed is echoed in the section where Firefox put it.
            foreach (SdpExtmap extmap in section.Extmaps)
            {
                SdpExtmap original = offered.Extmaps.Single(e => e.Id == extmap.Id);
                Assert.Equal(original.Uri, extmap.Uri);
                Assert.Equal(original.Direction == "sendonly" ? "recvonly" : null, extmap.Direction);
            }

            Assert.Equal(3, section.GetExtmapId(RtpHeaderExtensionUri.Mid));
            Assert.Equal(7, section.GetExtmapId(RtpHeaderExtensionUri.TransportWideCc));
            Assert.True(section.HasAttribute("extmap-allow-mixed"));
        }
    }
}
