namespace Live.Tests.Unit.Media.Simulcast;

/// <summary>VP8 payloads with a full payload descriptor (RFC 7741 §4.2) for the simulcast tests.</summary>
internal static class Vp8TestPayloads
{
    /// <summary>
    /// X=1, S=1, PID 0; I with a 15-bit (or 7-bit) PictureID, L with TL0PICIDX when not negative, T with TID 0; then the
    /// VP8 payload header's first octet (P=0 for a keyframe, RFC 7741 §4.3) and <paramref name="fill"/> bytes.
    /// </summary>
    public static byte[] Create(int pictureId, int tl0PicIdx, bool keyFrame, bool longPictureId = true, byte fill = 0, int fillLength = 20)
    {
        var bytes = new List<byte> { 0x90 }; // X=1, S=1
        byte extension = 0x80 | 0x20; // I, T
        if (tl0PicIdx >= 0)
        {
            extension |= 0x40; // L
        }

        bytes.Add(extension);
        if (longPictureId)
        {
            bytes.Add((byte)(0x80 | (pictureId >> 8 & 0x7F)));
            bytes.Add((byte)pictureId);
        }
        else
        {
            bytes.Add((byte)(pictureId & 0x7F));
        }

        if (tl0PicIdx >= 0)
        {
            bytes.Add((byte)tl0PicIdx);
        }

        bytes.Add(0x00); // TID 0, Y=0
        bytes.Add(keyFrame ? (byte)0x00 : (byte)0x01);
        bytes.AddRange(Enumerable.Repeat(fill, fillLength));
        return bytes.ToArray();
    }
}
