using System.Buffers.Binary;

namespace Live.Media.Rtcp;

/// <summary>
/// Receiver estimated maximum bitrate, REMB (draft-alvestrand-rmcat-remb-03 §2.2): an application layer feedback
/// (PSFB FMT 15) with the "REMB" identifier, the estimate as 6-bit exponent and 18-bit mantissa, and the SSRCs it applies to.
/// </summary>
public sealed class ReceiverEstimatedMaxBitrate : IRtcpPacket
{
    // draft-alvestrand-rmcat-remb-03 §2.2: 'R' 'E' 'M' 'B', Num SSRC(8), BR Exp(6), BR Mantissa(18), SSRC feedback list.
    private const uint Identifier = 0x52454D42;
    private const int FixedFciSize = 8;
    private const int SsrcSize = 4;
    private const int ExponentShift = 18;
    private const uint MantissaMask = (1 << 18) - 1;
    private const int MaxExponent = 63;

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; init; }

    /// <summary>The draft says 0; kept as received.</summary>
    public uint MediaSsrc { get; init; }

    /// <summary>The estimated total bitrate in bits per second (the writer truncates it to 18 significant bits).</summary>
    public ulong Bitrate { get; init; }

    /// <summary>The media sources the estimate applies to (at most 255).</summary>
    public IReadOnlyList<uint> Ssrcs { get; init; } = [];

    /// <summary>Parses one REMB packet (header included); false for other application layer feedback.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverEstimatedMaxBitrate remb)
    {
        remb = null!;
        if (!RtcpFeedbackFraming.TryParse(
                packet, RtcpPacketType.PayloadSpecificFeedback, RtcpPacketType.ApplicationLayerFeedbackFormat, out uint sender, out uint media, out ReadOnlySpan<byte> fci)
            || fci.Length < FixedFciSize
            || BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier)
        {
            return false;
        }

        int count = fci[4];
        if (fci.Length < FixedFciSize + count * SsrcSize)
        {
            return false;
        }

        uint rate = BinaryPrimitives.ReadUInt32BigEndian(fci[4..]) & 0x00FFFFFF;
        int exponent = (int)(rate >> ExponentShift);
        ulong mantissa = rate & MantissaMask;

        // Exponents above 46 would shift the 18-bit mantissa past 64 bits; such a value is meaningless.
        if (mantissa != 0 && exponent > 64 - ExponentShift)
        {
            return false;
        }

        var ssrcs = new uint[count];
        for (int i = 0; i < count; i++)
        {
            ssrcs[i] = BinaryPrimitives.ReadUInt32BigEndian(fci[(FixedFciSize + i * SsrcSize)..]);
        }

        remb = new ReceiverEstimatedMaxBitrate
        {
            SenderSsrc = sender,
            MediaSsrc = media,
            Bitrate = mantissa << exponent,
            Ssrcs = ssrcs,
        };
        return true;
    }

    /// <inheritdoc />
    public int GetSerializedSize() => RtcpFeedbackFraming.FciOffset + FixedFciSize + Ssrcs.Count * SsrcSize;

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Ssrcs.Count, byte.MaxValue);
        int offset = RtcpFeedbackFraming.Write(
            destination,
            RtcpPacketType.PayloadSpecificFeedback,
            RtcpPacketType.ApplicationLayerFeedbackFormat,
            GetSerializedSize(),
            SenderSsrc,
            MediaSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], Identifier);
        int exponent = 0;
        ulong mantissa = Bitrate;
        while (mantissa > MantissaMask && exponent < MaxExponent)
        {
            mantissa >>= 1;
            exponent++;
        }

        BinaryPrimitives.WriteUInt32BigEndian(
            destination[(offset + 4)..], (uint)Ssrcs.Count << 24 | (uint)exponent << ExponentShift | (uint)mantissa);
        offset += FixedFciSize;
        foreach (uint ssrc in Ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], ssrc);
            offset += SsrcSize;
        }

        return offset;
    }
}
