using Live.Media.Sdp;

namespace Live.Tests.Unit.Media.Sdp;

/// <summary>
/// a=simulcast (RFC 8853 §5.1) and a=rid (RFC 8851 §10): the RFC's own examples, the simulcast offers captured from
/// Chromium and Firefox, and malformed values, which are refused (the section is then answered as one stream).
/// </summary>
public sealed class Rfc8853SimulcastTests
{
    [Theory]
    [InlineData("send 1;2;3", "send 1;2;3")]             // RFC 8853 §5.1 example, three streams
    [InlineData("recv 1;2,3", "recv 1;2,3")]             // alternatives
    [InlineData("send 1;~2,3 recv 4", "send 1;~2,3 recv 4")] // paused rid, both directions
    [InlineData("recv 4 send 1;2", "send 1;2 recv 4")]   // either order; written send first
    [InlineData("send q;h;f", "send q;h;f")]             // what Chromium and Firefox offer
    [InlineData("send lo-w;hi_gh", "send lo-w;hi_gh")]
    public void TryParse_Valid_RoundTrips(string value, string written)
    {
        Assert.True(SdpSimulcast.TryParse(value, out SdpSimulcast simulcast));

        Assert.Equal(written, simulcast.ToString());
        Assert.True(SdpSimulcast.TryParse(simulcast.ToString(), out SdpSimulcast again));
        Assert.Equal(simulcast.ToString(), again.ToString());
    }

    [Fact]
    public void TryParse_PausedAndAlternatives_ReadAsStreams()
    {
        Assert.True(SdpSimulcast.TryParse("send 1;~2,3 recv 4", out SdpSimulcast simulcast));

        Assert.Equal(2, simulcast.Send.Count);
        Assert.Equal([new SdpSimulcastId("1", false)], simulcast.Send[0]);
        Assert.Equal([new SdpSimulcastId("2", true), new SdpSimulcastId("3", false)], simulcast.Send[1]);
        Assert.Equal([new SdpSimulcastId("4", false)], simulcast.Receive.Single());
    }

    [Theory]
    [InlineData("")]
    [InlineData("send")]
    [InlineData("send q;h;f recv")]
    [InlineData("sendrecv q")]
    [InlineData("send q send h")]          // one direction twice
    [InlineData("send q;q")]               // a rid twice
    [InlineData("send q;;h")]              // an empty stream
    [InlineData("send q,")]                // an empty alternative
    [InlineData("send ~")]                 // paused nothing
    [InlineData("send q h")]               // a space inside a list
    [InlineData("send q;h\u00e9")]         // not alpha-numeric
    [InlineData("send q;h.f")]
    [InlineData("send abcdefghijklmnopq")] // 17 characters: no RTP stream id element can carry it (RFC 8852 §3.1)
    public void TryParse_Malformed_Refused(string value)
    {
        Assert.False(SdpSimulcast.TryParse(value, out _));
    }

    [Theory]
    [InlineData("q send", true)]
    [InlineData("f recv max-width=1280;max-height=720", true)]
    [InlineData("abcdefghijklmnop send", true)]
    [InlineData("abcdefghijklmnopq send", false)]
    [InlineData("q/1 send", false)]
    [InlineData("q sendrecv", false)]
    [InlineData(" send", false)]
    public void SdpRid_TryParse_ChecksRidSyntax(string value, bool valid)
    {
        Assert.Equal(valid, SdpRid.TryParse(value, out _));
    }

    [Fact]
    public void ChromiumSimulcastOffer_SendRidsInEncodingOrder_RidExtensionsNegotiable()
    {
        MediaDescription video = ChromiumOffers.Parse("simulcast").Media.Single(m => m.Simulcast is not null);

        Assert.Equal(["q", "h", "f"], video.GetSimulcastSendRids());
        Assert.NotNull(video.GetExtmapId(RtpHeaderExtensionUri.RtpStreamId));
        Assert.NotNull(video.GetExtmapId(RtpHeaderExtensionUri.RepairedRtpStreamId));
        Assert.Empty(video.Ssrcs); // Chromium announces no SSRC for simulcast: the SFU learns them from the rid extension
    }

    [Fact]
    public void FirefoxSimulcastOffer_SendRidsInEncodingOrder_SsrcsAnnouncedInThreeFidGroups()
    {
        MediaDescription video = FirefoxOffers.Parse("simulcast").Media.Single(m => m.Simulcast is not null);

        Assert.Equal(["q", "h", "f"], video.GetSimulcastSendRids());
        Assert.NotNull(video.GetExtmapId(RtpHeaderExtensionUri.RtpStreamId));
        Assert.NotNull(video.GetExtmapId(RtpHeaderExtensionUri.RepairedRtpStreamId));
        // Firefox also lists its SSRCs, but not which rid each carries: the rid extension still decides.
        Assert.Equal(3, video.SsrcGroups.Count(g => g.Semantics == "FID"));
    }

    [Theory]
    [InlineData("a=simulcast:send q;h;f\r\n", "")]             // no a=rid lines at all
    [InlineData("a=rid:q send\r\na=rid:h send\r\na=simulcast:send q;h;f\r\n", "")] // f has no a=rid
    [InlineData("a=rid:q recv\r\na=rid:h send\r\na=simulcast:send q;h\r\n", "")]   // q is a recv rid
    [InlineData("a=rid:q send\r\na=rid:h send\r\na=simulcast:send q;h\r\n", "q,h")]
    [InlineData("a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;~h,f\r\n", "q,h")] // first alternative
    public void GetSimulcastSendRids_RidLinesMustAgree(string lines, string expected)
    {
        string sdp = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\n" +
            "a=mid:0\r\na=sendonly\r\na=rtpmap:96 VP8/90000\r\n" + lines;
        Assert.True(SdpParser.TryParse(sdp, out SessionDescription description, out string error), error);

        Assert.Equal(expected, string.Join(',', description.Media[0].GetSimulcastSendRids()));
    }
}
