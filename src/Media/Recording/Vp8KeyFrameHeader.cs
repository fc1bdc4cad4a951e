using System.Buffers.Binary;

namespace Live.Media.Recording;

/// <summary>
/// The uncompressed header of a VP8 key frame (RFC 6386 §9.1): a 3-byte frame tag, the start code 9d 01 2a, then
/// 14-bit width and height with 2-bit scaling each. The WebM track's pixel size is taken from the first one.
/// </summary>
public readonly record struct Vp8KeyFrameHeader(int Width, int Height)
{
    // RFC 6386 §9.1: frame tag (3 octets), start code (3 octets), width (2 octets LE), height (2 octets LE).
    private const int StartCodeOffset = 3;
    private const int WidthOffset = 6;
    private const int HeightOffset = 8;
    private const int HeaderSize = 10;
    private const ushort DimensionMask = 0x3FFF;

    // RFC 6386 §9.1: frame tag bit 0 is 0 for a key frame.
    private const byte InterFrameBit = 0x01;

    private static ReadOnlySpan<byte> StartCode => [0x9D, 0x01, 0x2A];

    /// <summary>Parses the header when <paramref name="frame"/> is a key frame with a valid start code and non-zero size.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out Vp8KeyFrameHeader header)
    {
        header = default;
        if (frame.Length < HeaderSize || (frame[0] & InterFrameBit) != 0
            || !frame.Slice(StartCodeOffset, StartCode.Length).SequenceEqual(StartCode))
        {
            return false;
        }

        int width = BinaryPrimitives.ReadUInt16LittleEndian(frame[WidthOffset..]) & DimensionMask;
        int height = BinaryPrimitives.ReadUInt16LittleEndian(frame[HeightOffset..]) & DimensionMask;
        if (width == 0 || height == 0)
        {
            return false;
        }

        header = new Vp8KeyFrameHeader(width, height);
        return true;
    }
}
