using Live.Media.Rtp;

namespace Live.Tests.Unit.Media.Rtp;

// RFC 6184 §5.6 (single NAL unit), §5.7.1 (STAP-A), §5.8 (FU-A).
public class H264KeyFrameDetectorTests
{
    [Theory]
    [InlineData("65 88 84", true, "single IDR slice")]
    [InlineData("67 42 00 1F", true, "single SPS")]
    [InlineData("68 CE 3C 80", false, "single PPS")]
    [InlineData("41 9A 02", false, "single non-IDR slice")]
    [InlineData("78 0004 6742001F 0003 68CE3C", true, "STAP-A with SPS and PPS")]
    [InlineData("78 0002 68CE 0002 6588", true, "STAP-A with IDR second")]
    [InlineData("78 0002 419A", false, "STAP-A with a non-IDR slice")]
    [InlineData("78 0009 6742", false, "STAP-A whose size runs past the payload")]
    [InlineData("7C 85 88 84", true, "FU-A start of an IDR")]
    [InlineData("7C 05 88 84", false, "FU-A middle of an IDR")]
    [InlineData("7C 81 9A", false, "FU-A start of a non-IDR slice")]
    [InlineData("7C", false, "FU-A without its header")]
    [InlineData("", false, "empty")]
    [InlineData("00", false, "NAL type 0")]
    public void IsKeyFrame_Cases(string hex, bool expected, string reason)
    {
        Assert.True(expected == H264KeyFrameDetector.IsKeyFrame(RtpHeaderTests.Hex(hex)), reason);
    }
}
