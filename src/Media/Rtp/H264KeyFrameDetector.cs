using System.Buffers.Binary;

namespace Live.Media.Rtp;

/// <summary>
/// Tells whether an H.264 RTP payload (RFC 6184) carries the start of a key frame: an IDR slice or an SPS, sent as a
/// single NAL unit, inside a STAP-A aggregate, or as the first fragment of an FU-A.
/// </summary>
public static class H264KeyFrameDetector
{
    // RFC 6184 §1.3: NAL header |F|NRI|Type|, type in the low 5 bits.
    private const byte NalTypeMask = 0x1F;

    // ITU-T H.264 Table 7-1: coded slice of an IDR picture, sequence parameter set.
    private const byte IdrSlice = 5;
    private const byte SequenceParameterSet = 7;

    // RFC 6184 §5.2: 1–23 single NAL unit, 24 STAP-A, 28 FU-A.
    private const byte MaxSingleNalType = 23;
    private const byte StapA = 24;
    private const byte FuA = 28;

    // RFC 6184 §5.8: FU header |S|E|R|Type|.
    private const byte FuStartBit = 0x80;

    // RFC 6184 §5.7.1: each STAP-A unit is preceded by a 16-bit size.
    private const int StapSizeLength = 2;

    /// <summary>True when <paramref name="payload"/> starts a key frame (IDR or SPS NAL unit).</summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }

        byte type = (byte)(payload[0] & NalTypeMask);
        if (type is > 0 and <= MaxSingleNalType)
        {
            return IsKeyNal(type);
        }

        return type switch
        {
            StapA => StapAContainsKeyNal(payload[1..]),
            FuA => payload.Length >= 2 && (payload[1] & FuStartBit) != 0 && IsKeyNal((byte)(payload[1] & NalTypeMask)),
            _ => false,
        };
    }

    private static bool IsKeyNal(byte type) => type is IdrSlice or SequenceParameterSet;

    private static bool StapAContainsKeyNal(ReadOnlySpan<byte> units)
    {
        while (units.Length >= StapSizeLength + 1)
        {
            int size = BinaryPrimitives.ReadUInt16BigEndian(units);
            if (size == 0 || size > units.Length - StapSizeLength)
            {
                return false;
            }

            if (IsKeyNal((byte)(units[StapSizeLength] & NalTypeMask)))
            {
                return true;
            }

            units = units[(StapSizeLength + size)..];
        }

        return false;
    }
}
