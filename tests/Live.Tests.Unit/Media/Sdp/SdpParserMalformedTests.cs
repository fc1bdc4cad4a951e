using Live.Media.Sdp;

namespace Live.Tests.Unit.Media.Sdp;

public class SdpParserMalformedTests
{
    private const string Head = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    private const string Audio = "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n";

    [Theory]
    [InlineData("", "empty")]
    [InlineData("o=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "v=0")]
    [InlineData("v=1\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", "v=0")]
    [InlineData("v=0\r\no=- 1 2 IN IP4\r\ns=-\r\nt=0 0\r\n", "line 2")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\nt=0 0\r\ns=-\r\n", "line 3")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n" + Audio, "t=")]
    [InlineData("v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=ice-lite\r\n", "missing t=")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF\r\n", "bad m= line")]
    [InlineData(Head + "m=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n", "bad port")]
    [InlineData(Head + "m=audio x UDP/TLS/RTP/SAVPF 111\r\n", "bad port")]
    [InlineData(Head + "m=audio 9/0 UDP/TLS/RTP/SAVPF 111\r\n", "port count")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111 opus\r\n", "payload type")]
    [InlineData(Head + "m=audio 9 UDP/TLS/RTP/SAVPF 200\r\n", "payload type")]
    [InlineData(Head + "m=audio  9 UDP/TLS/RTP/SAVPF 111\r\n", "bad m= line")]
    [InlineData(Head + Audio + "a=rtpmap:111 opus\r\n", "bad a=rtpmap")]
    [InlineData(Head + Audio + "a=rtpmap:111 opus/abc/2\r\n", "bad a=rtpmap")]
    [InlineData(Head + Audio + "a=rtpmap:128 opus/48000/2\r\n", "bad a=rtpmap")]
    [InlineData(Head + Audio + "a=rtpmap:111\r\n", "bad a=rtpmap")]
    [InlineData(Head + Audio + "a=fmtp:111\r\n", "bad a=fmtp")]
    [InlineData(Head + Audio + "a=rtcp-fb:111\r\n", "bad a=rtcp-fb")]
    [InlineData(Head + Audio + "a=extmap:0 urn:x\r\n", "bad a=extmap")]
    [InlineData(Head + Audio + "a=extmap:256 urn:x\r\n", "bad a=extmap")]
    [InlineData(Head + Audio + "a=extmap:1/sideways urn:x\r\n", "bad a=extmap")]
    [InlineData(Head + Audio + "a=fingerprint:sha-256 not-hex\r\n", "bad a=fingerprint")]
    [InlineData(Head + Audio + "a=ssrc:abc cname:x\r\n", "bad a=ssrc")]
    [InlineData(Head + Audio + "a=ssrc:4294967296 cname:x\r\n", "bad a=ssrc")]
    [InlineData(Head + Audio + "a=ssrc-group:FID 1 x\r\n", "bad a=ssrc-group")]
    [InlineData(Head + Audio + "a=setup:sideways\r\n", "bad a=setup")]
    [InlineData(Head + Audio + "a=mid:\r\n", "bad a=mid")]
    [InlineData(Head + Audio + "a=rid:q sideways\r\n", "bad a=rid")]
    [InlineData(Head + Audio + "a=bad name\r\n", "attribute name")]
    [InlineData(Head + Audio + "o=- 1 2 IN IP4 127.0.0.1\r\n", "not allowed in a media section")]
    [InlineData(Head + "x=unknown\r\n", "not allowed at session level")]
    [InlineData(Head + "\r\n" + Audio, "line 5")]
    [InlineData(Head + "A=upper\r\n", "line 5")]
    [InlineData(Head + "a=ice-lite\0\r\n", "NUL")]
    [InlineData(Head + "a=ice\rlite\r\n", "bare CR")]
    public void TryParse_Malformed_ReturnsFalseWithReason(string text, string expectedInError)
    {
        Assert.False(SdpParser.TryParse(text, out _, out string error));
        Assert.Contains(expectedInError, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Null_ReturnsFalse()
    {
        Assert.False(SdpParser.TryParse(null, out _, out string error));
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Over64KiB_ReturnsFalse()
    {
        string big = Head + string.Concat(Enumerable.Repeat("a=x-filler:0123456789abcdef\r\n", 3000));

        Assert.False(SdpParser.TryParse(big, out _, out string error));
        Assert.Contains("limit is 65536", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_MinimalDescription_Accepted()
    {
        Assert.True(SdpParser.TryParse(Head + Audio + "a=rtpmap:111 opus/48000/2\r\n", out SessionDescription sd, out string error), error);
        Assert.Equal("opus", sd.Media[0].GetPayloadFormats()[0].EncodingName);
        Assert.Equal(SdpDirection.SendRecv, sd.Media[0].Direction);
        Assert.Null(sd.Media[0].Mid);
    }
}
