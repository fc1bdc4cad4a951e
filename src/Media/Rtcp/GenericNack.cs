using System.Buffers.Binary;

namespace Live.Media.Rtcp;

/// <summary>
/// Generic NACK (RFC 4585 §6.2.1, RTPFB FMT 1): the receiver asks for retransmission of lost sequence numbers,
/// encoded as PID + BLP pairs.
/// </summary>
public sealed class GenericNack : IRtcpPacket
{
    // RFC 4585 §6.2.1: PID(16) BLP(16).
    private const int ItemSize = 4;
    private const int BitmaskBits = 16;

    /// <summary>Consecutive losses one PID/BLP entry can name: the PID and the 16 packets after it.</summary>
    public const int MaxConsecutivePerItem = 1 + BitmaskBits;

    /// <summary>Size of a NACK with one PID/BLP entry.</summary>
    public const int SingleItemSize = RtcpFeedbackFraming.FciOffset + ItemSize;

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; init; }

    /// <summary>SSRC of the media source whose packets were lost.</summary>
    public uint MediaSsrc { get; init; }

    /// <summary>The PID/BLP entries.</summary>
    public IReadOnlyList<NackItem> Items { get; init; } = [];

    /// <summary>Builds a NACK from lost sequence numbers given in increasing (wrap-aware) order; gaps over 16 start a new entry.</summary>
    public static GenericNack FromLostSequenceNumbers(uint senderSsrc, uint mediaSsrc, IEnumerable<ushort> lost)
    {
        var items = new List<NackItem>();
        foreach (ushort sequence in lost)
        {
            if (items.Count > 0)
            {
                NackItem last = items[^1];
                int distance = (ushort)(sequence - last.PacketId);
                if (distance == 0)
                {
                    continue;
                }

                if (distance <= BitmaskBits)
                {
                    items[^1] = last with { LostBitmask = (ushort)(last.LostBitmask | 1 << (distance - 1)) };
                    continue;
                }
            }

            items.Add(new NackItem(sequence, 0));
        }

        return new GenericNack { SenderSsrc = senderSsrc, MediaSsrc = mediaSsrc, Items = items };
    }

    /// <summary>
    /// Writes, without allocating, a NACK with one entry for <paramref name="count"/> (1 to
    /// <see cref="MaxConsecutivePerItem"/>) consecutive lost packets from <paramref name="first"/>; returns its length.
    /// </summary>
    public static int WriteConsecutive(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ushort first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxConsecutivePerItem);
        ushort mask = 0;
        for (int i = 1; i < count; i++)
        {
            mask |= (ushort)(1 << (i - 1));
        }

        int offset = RtcpFeedbackFraming.Write(
            destination, RtcpPacketType.TransportFeedback, RtcpPacketType.GenericNackFormat, SingleItemSize, senderSsrc, mediaSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], first);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], mask);
        return offset + ItemSize;
    }

    /// <summary>Parses one generic NACK packet (header included).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out GenericNack nack)
    {
        nack = null!;
        if (!RtcpFeedbackFraming.TryParse(
                packet, RtcpPacketType.TransportFeedback, RtcpPacketType.GenericNackFormat, out uint sender, out uint media, out ReadOnlySpan<byte> fci)
            || fci.IsEmpty
            || fci.Length % ItemSize != 0)
        {
            return false;
        }

        var items = new NackItem[fci.Length / ItemSize];
        for (int i = 0; i < items.Length; i++)
        {
            items[i] = new NackItem(
                BinaryPrimitives.ReadUInt16BigEndian(fci[(i * ItemSize)..]),
                BinaryPrimitives.ReadUInt16BigEndian(fci[(i * ItemSize + 2)..]));
        }

        nack = new GenericNack { SenderSsrc = sender, MediaSsrc = media, Items = items };
        return true;
    }

    /// <summary>Expands the PID/BLP entries into the lost sequence numbers, in order.</summary>
    public List<ushort> GetLostSequenceNumbers()
    {
        var lost = new List<ushort>(Items.Count * 2);
        foreach (NackItem item in Items)
        {
            lost.Add(item.PacketId);
            for (int bit = 0; bit < BitmaskBits; bit++)
            {
                if ((item.LostBitmask & 1 << bit) != 0)
                {
                    lost.Add((ushort)(item.PacketId + bit + 1));
                }
            }
        }

        return lost;
    }

    /// <inheritdoc />
    public int GetSerializedSize() => RtcpFeedbackFraming.FciOffset + Items.Count * ItemSize;

    /// <inheritdoc />
    public int WriteTo(Span<byte> destination)
    {
        int offset = RtcpFeedbackFraming.Write(
            destination, RtcpPacketType.TransportFeedback, RtcpPacketType.GenericNackFormat, GetSerializedSize(), SenderSsrc, MediaSsrc);
        foreach (NackItem item in Items)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], item.PacketId);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], item.LostBitmask);
            offset += ItemSize;
        }

        return offset;
    }
}
