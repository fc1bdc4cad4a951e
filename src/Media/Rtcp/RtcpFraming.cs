namespace Live.Media.Rtcp;

/// <summary>Shared header checks and writing for the typed RTCP packets.</summary>
internal static class RtcpFraming
{
    /// <summary>
    /// Validates that <paramref name="packet"/> starts with an RTCP packet of <paramref name="packetType"/> and returns
    /// its header and its body with padding removed.
    /// </summary>
    public static bool TryGetBody(ReadOnlySpan<byte> packet, byte packetType, out RtcpHeader header, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!RtcpHeader.TryParse(packet, out header) || header.PacketType != packetType)
        {
            return false;
        }

        packet = packet[..header.PacketLength];
        int padding = 0;
        if (header.HasPadding)
        {
            padding = packet[^1];
            if (padding == 0 || padding > packet.Length - RtcpHeader.Size)
            {
                return false;
            }
        }

        body = packet[RtcpHeader.Size..^padding];
        return true;
    }

    /// <summary>Checks the destination is large enough and writes the header for a packet of <paramref name="size"/> bytes.</summary>
    public static int WriteHeader(Span<byte> destination, byte packetType, byte count, int size, bool hasPadding = false)
    {
        if (destination.Length < size)
        {
            throw new ArgumentException($"Destination holds {destination.Length} bytes; the packet needs {size}.", nameof(destination));
        }

        return new RtcpHeader(packetType, count, size, hasPadding).WriteTo(destination);
    }

    /// <summary>Rounds up to a whole number of 32-bit words.</summary>
    public static int AlignTo4(int length) => (length + 3) & ~3;
}
