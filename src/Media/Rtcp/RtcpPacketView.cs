namespace Live.Media.Rtcp;

/// <summary>One packet inside a compound RTCP datagram: its header, its whole bytes, and its body without header or padding.</summary>
public readonly ref struct RtcpPacketView
{
    /// <summary>Creates a view.</summary>
    public RtcpPacketView(RtcpHeader header, ReadOnlySpan<byte> packet, ReadOnlySpan<byte> body)
    {
        Header = header;
        Packet = packet;
        Body = body;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>The whole packet, header and padding included; what the typed parsers take.</summary>
    public ReadOnlySpan<byte> Packet { get; }

    /// <summary>The bytes after the header, padding removed.</summary>
    public ReadOnlySpan<byte> Body { get; }
}
