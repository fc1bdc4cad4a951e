namespace Live.Media.Rtcp;

/// <summary>An RTCP packet that can serialize itself, header included, so several can be written into one compound datagram.</summary>
public interface IRtcpPacket
{
    /// <summary>Size in bytes of what <see cref="WriteTo"/> writes.</summary>
    int GetSerializedSize();

    /// <summary>Writes the whole packet into <paramref name="destination"/> and returns its length.</summary>
    int WriteTo(Span<byte> destination);
}
