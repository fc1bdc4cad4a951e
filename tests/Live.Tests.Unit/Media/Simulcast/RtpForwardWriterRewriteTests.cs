using Live.Media.Rtp;
using Live.Media.Sfu;
using Live.Media.Simulcast;

namespace Live.Tests.Unit.Media.Simulcast;

/// <summary>A simulcast consumer's rewrite reaches the wire: its timestamp and VP8 picture numbers, in the RTX form too.</summary>
public sealed class RtpForwardWriterRewriteTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Write_WithRewrite_TimestampPictureIdAndTl0Replaced(bool rtx)
    {
        byte[] vp8 = Vp8TestPayloads.Create(pictureId: 20_000, tl0PicIdx: 200, keyFrame: true, fill: 0x5A);
        var builder = new RtpPacketBuilder { PayloadType = 96, SequenceNumber = 7, Timestamp = 123, Ssrc = 1, Payload = vp8 };
        var source = new byte[builder.GetSerializedSize()];
        builder.WriteTo(source);
        Assert.True(RtpHeader.TryParse(source, out RtpHeader header));
        byte[] original = source.ToArray();
        var destination = new byte[RtpForwardWriter.MaxSize(source.Length, 1)];

        int length = RtpForwardWriter.Write(source, header, destination, payloadType: 100, ssrc: 9, sequenceNumber: 500,
            midExtensionId: 1, mid: "1"u8, rtxSequenceNumber: rtx ? 3 : null, rewrite: new RtpStreamRewrite(777_000, 5, 9));

        Assert.True(RtpHeader.TryParse(destination.AsSpan(0, length), out RtpHeader written));
        Assert.Equal(777_000u, written.Timestamp);
        ReadOnlySpan<byte> payload = written.GetPayload(destination.AsSpan(0, length));
        Assert.True(Vp8PayloadDescriptor.TryParse(payload[(rtx ? RtpForwardWriter.RtxHeaderSize : 0)..], out Vp8PayloadDescriptor descriptor));
        Assert.Equal(5, descriptor.PictureId);
        Assert.True(descriptor.HasLongPictureId);
        Assert.Equal(9, descriptor.Tl0PicIdx);
        Assert.True(descriptor.IsKeyFrame);
        Assert.Equal(original, source); // the history's copy is not touched
    }

    [Fact]
    public void Write_DefaultRewrite_TimestampAndDescriptorAsReceived()
    {
        byte[] vp8 = Vp8TestPayloads.Create(pictureId: 20_000, tl0PicIdx: 200, keyFrame: false);
        var builder = new RtpPacketBuilder { PayloadType = 96, SequenceNumber = 7, Timestamp = 123, Ssrc = 1, Payload = vp8 };
        var source = new byte[builder.GetSerializedSize()];
        builder.WriteTo(source);
        Assert.True(RtpHeader.TryParse(source, out RtpHeader header));
        var destination = new byte[RtpForwardWriter.MaxSize(source.Length, 0)];

        int length = RtpForwardWriter.Write(source, header, destination, 96, 9, 500, midExtensionId: 0, mid: default);

        Assert.True(RtpHeader.TryParse(destination.AsSpan(0, length), out RtpHeader written));
        Assert.Equal(123u, written.Timestamp);
        Assert.Equal(vp8, written.GetPayload(destination.AsSpan(0, length)).ToArray());
    }
}
