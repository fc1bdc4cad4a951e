using System.Buffers.Binary;

namespace Live.Media.Net.Tcp;

/// <summary>
/// RFC 4571 §2 framing of RTP, RTCP, STUN and DTLS on a TCP stream: each packet is preceded by its length as a
/// 16-bit unsigned big-endian integer. RFC 6544 §3 uses it for ICE-TCP, so every packet of a WebRTC transport
/// (checks, DTLS, SRTP) travels this way.
/// </summary>
public static class Rfc4571Framing
{
    /// <summary>RFC 4571 §2: the LENGTH field is 16 bits.</summary>
    public const int HeaderLength = 2;

    /// <summary>RFC 4571 §2: the largest packet a 16-bit LENGTH can describe.</summary>
    public const int MaxFrameLength = ushort.MaxValue;

    /// <summary>Writes the length prefix and the packet into <paramref name="destination"/>; false when it does not fit or the packet is too long.</summary>
    public static bool TryWrite(ReadOnlySpan<byte> packet, Span<byte> destination, out int written)
    {
        written = 0;
        if (packet.Length > MaxFrameLength || destination.Length < HeaderLength + packet.Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)packet.Length);
        packet.CopyTo(destination[HeaderLength..]);
        written = HeaderLength + packet.Length;
        return true;
    }
}
