using Live.Media.Rtp;
using Live.Media.Simulcast;

namespace Live.Tests.Unit.Media.Simulcast;

/// <summary>PictureID and TL0PICIDX are rewritten in place at the widths the sender chose (RFC 7741 §4.2).</summary>
public sealed class Vp8PictureIdRewriterTests
{
    [Fact]
    public void LongPictureId_RewrittenWithMBitKept_RestUntouched()
    {
        byte[] payload = Vp8TestPayloads.Create(pictureId: 1234, tl0PicIdx: 7, keyFrame: true, fill: 0xAB);
        byte[] before = payload.ToArray();

        Assert.True(Vp8PictureIdRewriter.TryRewrite(payload, pictureId: 32767, tl0PicIdx: 200));

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8));
        Assert.True(vp8.HasLongPictureId);
        Assert.Equal(32767, vp8.PictureId);
        Assert.Equal(200, vp8.Tl0PicIdx);
        Assert.True(vp8.IsKeyFrame);
        Assert.Equal(before.AsSpan(vp8.Length - 1).ToArray(), payload.AsSpan(vp8.Length - 1).ToArray()); // TID octet and payload
    }

    [Fact]
    public void ShortPictureId_StaysSevenBits_ValueMasked()
    {
        byte[] payload = Vp8TestPayloads.Create(pictureId: 5, tl0PicIdx: 1, keyFrame: false, longPictureId: false);
        int length = payload.Length;

        Assert.True(Vp8PictureIdRewriter.TryRewrite(payload, pictureId: 301, tl0PicIdx: 2));

        Assert.Equal(length, payload.Length);
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8));
        Assert.False(vp8.HasLongPictureId);
        Assert.Equal(301 & 0x7F, vp8.PictureId);
        Assert.Equal(2, vp8.Tl0PicIdx);
    }

    [Fact]
    public void NegativeValues_LeaveFields()
    {
        byte[] payload = Vp8TestPayloads.Create(pictureId: 99, tl0PicIdx: 3, keyFrame: false);

        Assert.True(Vp8PictureIdRewriter.TryRewrite(payload, pictureId: -1, tl0PicIdx: -1));

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8));
        Assert.Equal(99, vp8.PictureId);
        Assert.Equal(3, vp8.Tl0PicIdx);
    }

    [Fact]
    public void NoTl0PicIdxField_OnlyPictureIdWritten()
    {
        byte[] payload = Vp8TestPayloads.Create(pictureId: 10, tl0PicIdx: -1, keyFrame: false);
        byte[] before = payload.ToArray();

        Assert.True(Vp8PictureIdRewriter.TryRewrite(payload, pictureId: 11, tl0PicIdx: 50));

        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor vp8));
        Assert.Equal(11, vp8.PictureId);
        Assert.Equal(-1, vp8.Tl0PicIdx);
        Assert.Equal(before.AsSpan(4).ToArray(), payload.AsSpan(4).ToArray());
    }

    [Fact]
    public void Truncated_False()
    {
        Assert.False(Vp8PictureIdRewriter.TryRewrite(new byte[] { 0x90, 0x80, 0x81 }, 1, 1));
    }
}
