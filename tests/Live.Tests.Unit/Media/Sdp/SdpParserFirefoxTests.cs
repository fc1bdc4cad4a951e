using Live.Media.Sdp;

namespace Live.Tests.Unit.Media.Sdp;

/// <summary>What Firefox's offers differ in from Chromium's, read from the captured offers.</summary>
public class SdpParserFirefoxTests
{
    [Theory]
    [MemberData(nameof(FirefoxOffers.All), MemberType = typeof(FirefoxOffers))]
    public void TryParse_FirefoxOffer_SerializesBackToIdenticalText(string name)
    {
        string text = FirefoxOffers.Read(name);

        Assert.True(SdpParser.TryParse(text, out SessionDescription offer, out string error), error);
        Assert.Equal(text, offer.ToString());
    }

    [Theory]
    [MemberData(nameof(FirefoxOffers.All), MemberType = typeof(FirefoxOffers))]
    public void TryParse_FirefoxOffer_FingerprintAtSessionLevelIceInEverySection(string name)
    {
        string text = FirefoxOffers.Read(name);
        SessionDescription offer = FirefoxOffers.Parse(name);

        // Firefox puts a=fingerprint once at the session level (Chromium repeats it in every section).
        string fingerprint = Assert.Single(ChromiumOffers.RawValues(text, "fingerprint"));
        Assert.Equal(fingerprint, offer.GetAttribute("fingerprint"));
        Assert.StartsWith("sha-256 ", fingerprint);
        Assert.All(offer.Media, m => Assert.Null(m.Fingerprint));
        Assert.Equal(offer.Media.Select(m => m.Mid), offer.BundleGroup);
        Assert.All(offer.Media, m => Assert.Equal("actpass", m.Setup));
        Assert.All(offer.Media, m => Assert.NotNull(m.IceUfrag));
        Assert.All(offer.Media.Where(m => m.Kind != "application"), m => Assert.True(m.IsRtcpMux));
    }

    [Fact]
    public void TryParse_FirefoxCamera_OwnPayloadTypesExtensionIdsAndDirections()
    {
        SessionDescription offer = FirefoxOffers.Parse("camera");
        MediaDescription audio = offer.Media[0];
        MediaDescription video = offer.Media[1];

        SdpPayloadFormat opus = audio.GetPayloadFormats()[0];
        Assert.Equal(new SdpRtpMap(109, "opus", 48000, 2), opus.RtpMap);
        Assert.Equal("1", opus.Fmtp!.GetParameter("useinbandfec"));
        Assert.Equal("48000", opus.Fmtp.GetParameter("maxplaybackrate"));
        Assert.True(audio.HasAttribute("extmap-allow-mixed"));
        Assert.Contains(new SdpExtmap(2, "urn:ietf:params:rtp-hdrext:csrc-audio-level", "recvonly"), audio.Extmaps);
        Assert.Equal(3, audio.GetExtmapId(RtpHeaderExtensionUri.Mid));
        Assert.Equal(7, video.GetExtmapId(RtpHeaderExtensionUri.TransportWideCc));

        // VP8 is 120 with rtx 124, then VP9, AV1, ulpfec and red; no H.264 without the OpenH264 plugin.
        IReadOnlyList<SdpPayloadFormat> formats = video.GetPayloadFormats();
        Assert.Equal(["VP8", "rtx", "VP9", "rtx", "AV1", "rtx", "ulpfec", "red", "rtx"], formats.Select(f => f.EncodingName));
        SdpPayloadFormat vp8 = formats[0];
        Assert.Equal(120, vp8.PayloadType);
        Assert.Equal("12288", vp8.Fmtp!.GetParameter("max-fs"));
        Assert.Equal(["nack", "nack pli", "ccm fir", "goog-remb", "transport-cc"], vp8.Feedback.Select(f => f.Kind));
        Assert.Equal(120, formats.Single(f => f.PayloadType == 124).AssociatedPayloadType);
        Assert.True(video.IsRtcpReducedSize);
        Assert.False(audio.IsRtcpReducedSize);
        Assert.Equal(SdpSsrcGroup.FlowIdentification, Assert.Single(video.SsrcGroups).Semantics);
    }

    [Fact]
    public void TryParse_FirefoxScreen_SecondVideoIsBundleOnlyWithPortZeroButActive()
    {
        SessionDescription offer = FirefoxOffers.Parse("screen");

        MediaDescription screen = offer.Media[2];
        Assert.Equal(("video", 0, "2"), (screen.Kind, screen.Port, screen.Mid));
        Assert.True(screen.HasAttribute("bundle-only"));
        Assert.True(screen.IsActive);
        Assert.All(offer.Media, m => Assert.True(m.IsActive));
    }

    [Fact]
    public void IsActive_PortZeroWithoutBundleOnly_IsRejected()
    {
        SessionDescription offer = FirefoxOffers.Parse("screen");
        MediaDescription screen = offer.Media[2];
        screen.Attributes.RemoveAll(a => a.Name == "bundle-only");

        Assert.False(screen.IsActive);
    }
}
