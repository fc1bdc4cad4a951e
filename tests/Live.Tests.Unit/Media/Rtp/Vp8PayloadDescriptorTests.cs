using Live.Media.Rtp;

namespace Live.Tests.Unit.Media.Rtp;

// RFC 7741 §4.2 (payload descriptor) and §4.3 (payload header P bit).
public class Vp8PayloadDescriptorTests
{
    [Fact]
    public void TryParse_AllExtensionFields_ReadsThem()
    {
        // X=1 S=1 PID=0 | I L T | M=1 picture ID 0x0123 | TL0PICIDX 5 | TID=2 Y=1 | payload header 0x10 (P=0)
        byte[] payload = RtpHeaderTests.Hex("90 E0 8123 05 A0 10 0000");

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor d));
        Assert.True(d.HasExtension);
        Assert.True(d.IsStartOfPartition);
        Assert.Equal(0, d.PartitionId);
        Assert.Equal(0x0123, d.PictureId);
        Assert.True(d.HasLongPictureId);
        Assert.Equal(5, d.Tl0PicIdx);
        Assert.Equal(2, d.TemporalLayerId);
        Assert.True(d.IsLayerSync);
        Assert.Equal(-1, d.KeyIdx);
        Assert.Equal(6, d.Length);
        Assert.True(d.IsKeyFrame);
    }

    [Fact]
    public void TryParse_ShortPictureIdAndKeyIdx_ReadsThem()
    {
        // X=1 N=1 S=0 PID=2 | I K | M=0 picture ID 0x45 | KEYIDX 7
        byte[] payload = RtpHeaderTests.Hex("A2 90 45 07 11");

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor d));
        Assert.True(d.IsNonReference);
        Assert.False(d.IsStartOfPartition);
        Assert.Equal(2, d.PartitionId);
        Assert.Equal(0x45, d.PictureId);
        Assert.False(d.HasLongPictureId);
        Assert.Equal(-1, d.Tl0PicIdx);
        Assert.Equal(-1, d.TemporalLayerId);
        Assert.Equal(7, d.KeyIdx);
        Assert.Equal(4, d.Length);
        Assert.False(d.IsKeyFrame);
    }

    [Theory]
    [InlineData("10 10 00", true, "start of partition 0, P=0")]
    [InlineData("10 11 00", false, "P=1 is an interframe")]
    [InlineData("00 10 00", false, "not the start of a partition")]
    [InlineData("11 10 00", false, "start of partition 1 is not the start of the frame")]
    [InlineData("10", false, "no payload header")]
    public void IsKeyFrame_Cases(string hex, bool expected, string reason)
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(RtpHeaderTests.Hex(hex), out Vp8PayloadDescriptor d));
        Assert.True(expected == d.IsKeyFrame, reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("80 80")]
    [InlineData("80 80 80")]
    [InlineData("80 40")]
    [InlineData("80 20")]
    public void TryParse_Truncated_ReturnsFalse(string hex)
    {
        Assert.False(Vp8PayloadDescriptor.TryParse(RtpHeaderTests.Hex(hex), out _));
    }
}
