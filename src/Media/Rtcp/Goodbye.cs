using System.Buffers.Binary;
using System.Text;

namespace Live.Media.Rtcp;

/// <summary>RTCP BYE (RFC 3550 §6.6): the sources that are leaving and an optional reason.</summary>
public sealed class Goodbye : IRtcpPacket
{
    private const int SsrcSize = 4;
    private const int MaxReasonLength = 255;

    /// <summary>The sources leaving (at most 31).</summary>
    public IReadOnlyList<uint> Ssrcs { get; init; } = [];

    /// <summary>The reason for leaving, or null.</summary>
    public string? Reason { get; init; }

    /// <summary>Parses one BYE packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out Goodbye goodbye)
    {
        goodbye = null!;
        if (!RtcpFraming.TryGetBody(packet, RtcpPacketType.Goodbye, out RtcpHeader header, out ReadOnlySpan<byte> body)
            || body.Length < header.Count * SsrcSize)
        {
            return false;
        }

        var ssrcs = new uint[header.Count];
        for (int i = 0; i < ssrcs.Length; i++)
        {
            ssrcs[i] = BinaryPrimitives.ReadUInt32BigEndian(body[(i * SsrcSize)..]);
        }

        ReadOnlySpan<byte> rest = body[(header.Count * SsrcSize)..];
        string? reason = null;
        if (!rest.IsEmpty)
        {
            int length = rest[0];
            // RFC 3550 §6.6: the reason is UTF-8. Invalid bytes would decode to U+FFFD, which re-encodes longer than
            // the 255 bytes a BYE can carry (the fuzzer found such a packet), so they are refused here.
            if (1 + length > rest.Length || !System.Text.Unicode.Utf8.IsValid(rest.Slice(1, length)))
            {
                return false;
            }

            reason = Encoding.UTF8.GetString(rest.Slice(1, length));
        }

        goodbye = new Goodbye { Ssrcs = ssrcs, Reason = reason };
        return true;
    }

    /// <inheritdoc />
    public int GetSerializedSize()
    {
        int size = RtcpHeader.Size + Ssrcs.Count * SsrcSize;
        if (Reason is not null)
        {
            int length = Encoding.UTF8.GetByteCount(Reason);
            if (length > MaxReasonLength)
            {
                throw new InvalidOperationException($"BYE reason is {length} bytes; at most {MaxReasonLength} fit.");
            }

            size += RtcpFraming.AlignTo4(1 + length);
        }

        return size;
    }

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int size = GetSerializedSize();
        int offset = RtcpFraming.WriteHeader(destination, RtcpPacketType.Goodbye, (byte)Ssrcs.Count, size);
        foreach (uint ssrc in Ssrcs)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], ssrc);
            offset += SsrcSize;
        }

        if (Reason is not null)
        {
            int length = Encoding.UTF8.GetBytes(Reason, destination[(offset + 1)..]);
            destination[offset] = (byte)length;
            offset += 1 + length;

            // RFC 3550 §6.6: the reason is padded with null octets to a 32-bit boundary.
            destination[offset..size].Clear();
        }

        return size;
    }
}
