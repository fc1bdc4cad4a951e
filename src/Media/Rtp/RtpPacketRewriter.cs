using System.Buffers.Binary;

namespace Live.Media.Rtp;

/// <summary>
/// In-place edits of a packet that is being forwarded (the SFU hot path): sequence number, timestamp, SSRC, payload
/// type, marker, and fixed-size header extension values such as transport-wide-cc and abs-send-time. Nothing allocates.
/// </summary>
public static class RtpPacketRewriter
{
    // draft-holmer-rmcat-transport-wide-cc-extensions-01 §2: a 16-bit transport-wide sequence number.
    private const int TransportWideSequenceSize = 2;

    // webrtc.org abs-send-time: a 24-bit 6.18 fixed-point time in seconds.
    private const int AbsSendTimeSize = 3;

    /// <summary>Writes the 16-bit sequence number.</summary>
    public static void SetSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet[RtpHeader.SequenceNumberOffset..], sequenceNumber);

    /// <summary>Writes the 32-bit timestamp.</summary>
    public static void SetTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[RtpHeader.TimestampOffset..], timestamp);

    /// <summary>Writes the SSRC.</summary>
    public static void SetSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[RtpHeader.SsrcOffset..], ssrc);

    /// <summary>Writes the 7-bit payload type, keeping the marker bit.</summary>
    public static void SetPayloadType(Span<byte> packet, byte payloadType)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadType, RtpHeader.PayloadTypeMask);
        packet[1] = (byte)((packet[1] & RtpHeader.MarkerBit) | payloadType);
    }

    /// <summary>Sets or clears the marker bit, keeping the payload type.</summary>
    public static void SetMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)(marker ? packet[1] | RtpHeader.MarkerBit : packet[1] & RtpHeader.PayloadTypeMask);

    /// <summary>
    /// Overwrites the data of extension element <paramref name="id"/> when it exists with exactly the length of
    /// <paramref name="value"/>; false otherwise (the packet is left untouched).
    /// </summary>
    public static bool TrySetExtension(Span<byte> packet, in RtpHeader header, byte id, ReadOnlySpan<byte> value)
    {
        if (!header.TryFindExtension(packet, id, out int offset, out int length) || length != value.Length)
        {
            return false;
        }

        value.CopyTo(packet.Slice(offset, length));
        return true;
    }

    /// <summary>Reads the transport-wide-cc sequence number carried in element <paramref name="id"/>.</summary>
    public static bool TryGetTransportWideSequenceNumber(ReadOnlySpan<byte> packet, in RtpHeader header, byte id, out ushort sequenceNumber)
    {
        if (header.TryGetExtension(packet, id, out ReadOnlySpan<byte> data) && data.Length == TransportWideSequenceSize)
        {
            sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(data);
            return true;
        }

        sequenceNumber = 0;
        return false;
    }

    /// <summary>Rewrites the transport-wide-cc sequence number in element <paramref name="id"/>.</summary>
    public static bool TrySetTransportWideSequenceNumber(Span<byte> packet, in RtpHeader header, byte id, ushort sequenceNumber)
    {
        Span<byte> value = stackalloc byte[TransportWideSequenceSize];
        BinaryPrimitives.WriteUInt16BigEndian(value, sequenceNumber);
        return TrySetExtension(packet, header, id, value);
    }

    /// <summary>Reads the 24-bit abs-send-time value carried in element <paramref name="id"/>.</summary>
    public static bool TryGetAbsSendTime(ReadOnlySpan<byte> packet, in RtpHeader header, byte id, out uint absSendTime)
    {
        if (header.TryGetExtension(packet, id, out ReadOnlySpan<byte> data) && data.Length == AbsSendTimeSize)
        {
            absSendTime = (uint)(data[0] << 16 | data[1] << 8 | data[2]);
            return true;
        }

        absSendTime = 0;
        return false;
    }

    /// <summary>Rewrites the 24-bit abs-send-time value in element <paramref name="id"/>.</summary>
    public static bool TrySetAbsSendTime(Span<byte> packet, in RtpHeader header, byte id, uint absSendTime)
    {
        Span<byte> value = stackalloc byte[AbsSendTimeSize];
        value[0] = (byte)(absSendTime >> 16);
        value[1] = (byte)(absSendTime >> 8);
        value[2] = (byte)absSendTime;
        return TrySetExtension(packet, header, id, value);
    }

    /// <summary>Converts a send time to the abs-send-time 6.18 fixed-point seconds, wrapped to 24 bits (64 s).</summary>
    public static uint ToAbsSendTime(TimeSpan sendTime)
    {
        // 6.18 fixed point: 2^18 units per second; ticks are 100 ns.
        const long UnitsPerSecond = 1 << 18;
        const uint Mask24 = 0xFFFFFF;
        return (uint)((UInt128)(ulong)sendTime.Ticks * UnitsPerSecond / TimeSpan.TicksPerSecond) & Mask24;
    }
}
