namespace Live.Media.Rtcp;

/// <summary>Writes several RTCP packets back to back as one compound datagram (RFC 3550 §6.1).</summary>
public static class RtcpCompoundWriter
{
    /// <summary>Total size of the compound packet.</summary>
    public static int GetSerializedSize(IReadOnlyList<IRtcpPacket> packets)
    {
        int size = 0;
        foreach (IRtcpPacket packet in packets)
        {
            size += packet.GetSerializedSize();
        }

        return size;
    }

    /// <summary>Writes every packet in order and returns the total length.</summary>
    public static int WriteTo(Span<byte> destination, IReadOnlyList<IRtcpPacket> packets)
    {
        int offset = 0;
        foreach (IRtcpPacket packet in packets)
        {
            offset += packet.WriteTo(destination[offset..]);
        }

        return offset;
    }
}
