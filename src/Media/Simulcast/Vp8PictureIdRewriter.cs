using Live.Media.Rtp;

namespace Live.Media.Simulcast;

/// <summary>
/// Writes new PictureID and TL0PICIDX values into a VP8 payload descriptor in place (RFC 7741 §4.2), keeping the
/// field widths the sender chose (a 7-bit PictureID stays 7-bit: changing the width would shift the payload). Each
/// simulcast layer numbers its pictures on its own, so a subscriber switched between layers must see these fields
/// continue, or its depacketizer takes the jump for lost pictures and its reference tracking for a broken chain.
/// </summary>
public static class Vp8PictureIdRewriter
{
    // RFC 7741 §4.2: the extension octet follows the first; PictureID (if I) follows it, then TL0PICIDX (if L).
    private const int PictureIdOffset = 2;
    private const byte LongPictureIdBit = 0x80;

    /// <summary>The 15-bit PictureID space (M=1); the 7-bit form is its low seven bits.</summary>
    public const int LongPictureIdMask = 0x7FFF;

    /// <summary>The 7-bit PictureID space (M=0).</summary>
    public const int ShortPictureIdMask = 0x7F;

    /// <summary>
    /// Rewrites the fields present in <paramref name="payload"/>'s descriptor: <paramref name="pictureId"/> (masked to
    /// the field's width) when it has a PictureID and the value is not negative, <paramref name="tl0PicIdx"/> likewise.
    /// False when the descriptor cannot be parsed (nothing is written).
    /// </summary>
    public static bool TryRewrite(Span<byte> payload, int pictureId, int tl0PicIdx)
    {
        if (!Vp8PayloadDescriptor.TryParse(payload, out Vp8PayloadDescriptor descriptor))
        {
            return false;
        }

        int offset = PictureIdOffset;
        if (descriptor.PictureId >= 0)
        {
            if (descriptor.HasLongPictureId)
            {
                if (pictureId >= 0)
                {
                    int value = pictureId & LongPictureIdMask;
                    payload[offset] = (byte)(LongPictureIdBit | (value >> 8));
                    payload[offset + 1] = (byte)value;
                }

                offset += 2;
            }
            else
            {
                if (pictureId >= 0)
                {
                    payload[offset] = (byte)(pictureId & ShortPictureIdMask); // M=0
                }

                offset += 1;
            }
        }

        if (descriptor.Tl0PicIdx >= 0 && tl0PicIdx >= 0)
        {
            payload[offset] = (byte)tl0PicIdx;
        }

        return true;
    }
}
