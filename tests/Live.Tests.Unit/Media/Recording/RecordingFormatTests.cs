using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

public class RecordingFormatTests
{
    [Fact]
    public void Vp8KeyFrameHeader_Rfc6386KeyFrame_ReadsWidthAndHeight()
    {
        Assert.True(Vp8KeyFrameHeader.TryParse(Vp8DepacketizerTests.KeyFrame, out Vp8KeyFrameHeader header));
        Assert.Equal(new Vp8KeyFrameHeader(320, 240), header);
    }

    [Fact]
    public void Vp8KeyFrameHeader_ScalingBitsSet_AreMaskedOff()
    {
        byte[] frame = [.. Vp8DepacketizerTests.KeyFrame];
        frame[7] |= 0xC0;
        frame[9] |= 0x40;
        Assert.True(Vp8KeyFrameHeader.TryParse(frame, out Vp8KeyFrameHeader header));
        Assert.Equal(new Vp8KeyFrameHeader(320, 240), header);
    }

    [Theory]
    [InlineData(0, 0x51)] // P=1: an interframe has no size
    [InlineData(3, 0x9C)] // broken start code
    [InlineData(6, 0x00)] // width byte cleared with the next also 0 → width 0
    public void Vp8KeyFrameHeader_NotAValidKeyFrame_ReturnsFalse(int index, byte value)
    {
        byte[] frame = [.. Vp8DepacketizerTests.KeyFrame];
        frame[index] = value;
        if (index == 6)
        {
            frame[7] = 0;
        }

        Assert.False(Vp8KeyFrameHeader.TryParse(frame, out _));
        Assert.False(Vp8KeyFrameHeader.TryParse(Vp8DepacketizerTests.KeyFrame.AsSpan(0, 9), out _));
    }

    [Fact]
    public void OpusHead_Rfc7845Layout_IsNineteenOctetsLittleEndian()
    {
        var head = new byte[OpusHead.Size];
        Assert.Equal(19, OpusHead.WriteTo(head));

        // RFC 7845 §5.1: "OpusHead", version 1, 2 channels, pre-skip 3840 (0x0F00), 48000 Hz (0xBB80), gain 0, family 0.
        Assert.Equal("4F7075734865616401" + "02" + "000F" + "80BB0000" + "0000" + "00", Convert.ToHexString(head));
    }

    [Theory]
    [InlineData("VP8", RecordingCodec.Vp8)]
    [InlineData("vp8", RecordingCodec.Vp8)]
    [InlineData("opus", RecordingCodec.Opus)]
    public void RecordingUnsupported_RecordableCodec_Resolves(string name, RecordingCodec expected)
    {
        Assert.True(RecordingUnsupported.TryResolve(name, out RecordingCodec codec, out RecordingUnsupported? reason));
        Assert.Equal(expected, codec);
        Assert.Null(reason);
    }

    [Fact]
    public void RecordingUnsupported_H264_GivesTheNegotiateVp8Reason()
    {
        Assert.False(RecordingUnsupported.TryResolve("H264", out _, out RecordingUnsupported? reason));
        Assert.Equal("H264 recording is not supported; negotiate VP8 to record", reason!.Reason);
        Assert.False(RecordingUnsupported.TryResolve("VP9", out _, out reason));
        Assert.Contains("VP9", reason!.Reason);
    }
}
