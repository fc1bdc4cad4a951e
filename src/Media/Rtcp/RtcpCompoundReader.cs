namespace Live.Media.Rtcp;

/// <summary>
/// Iterates the packets of a compound RTCP datagram (RFC 3550 §6.1) without allocating. Iteration stops at the first
/// malformed packet and <see cref="IsMalformed"/> tells the caller so it can count the drop.
/// </summary>
public ref struct RtcpCompoundReader
{
    private ReadOnlySpan<byte> _remaining;
    private RtcpPacketView _current;

    /// <summary>Creates a reader over <paramref name="datagram"/>.</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> datagram)
    {
        _remaining = datagram;
        _current = default;
        IsMalformed = false;
    }

    /// <summary>True once iteration hit bytes that are not a well-formed RTCP packet.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>The current packet.</summary>
    public readonly RtcpPacketView Current => _current;

    /// <summary>Enables foreach.</summary>
    public readonly RtcpCompoundReader GetEnumerator() => this;

    /// <summary>Advances to the next packet; false at the end or at a malformed packet.</summary>
    public bool MoveNext()
    {
        if (_remaining.IsEmpty || IsMalformed)
        {
            return false;
        }

        if (!RtcpHeader.TryParse(_remaining, out RtcpHeader header))
        {
            IsMalformed = true;
            return false;
        }

        ReadOnlySpan<byte> packet = _remaining[..header.PacketLength];
        int padding = 0;
        if (header.HasPadding)
        {
            // RFC 3550 §6.4.1: the last octet counts the padding including itself.
            padding = packet[^1];
            if (padding == 0 || padding > packet.Length - RtcpHeader.Size)
            {
                IsMalformed = true;
                return false;
            }
        }

        _current = new RtcpPacketView(header, packet, packet[RtcpHeader.Size..^padding]);
        _remaining = _remaining[header.PacketLength..];
        return true;
    }
}
