using Live.Media.Rtcp;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>RTCP the SFU loopback tests send as a peer, and the way they wait for RTCP the SFU sends them.</summary>
internal static class SfuTestRtcp
{
    private const uint PeerSsrc = 0x01020304;

    /// <summary>Waits up to <paramref name="wait"/> for a packet of <paramref name="packetType"/> in the peer's RTCP.</summary>
    public static bool TryTake(SfuTestPeer peer, byte packetType, TimeSpan wait, out byte[] packet)
    {
        var deadline = DateTime.UtcNow + wait;
        while (DateTime.UtcNow < deadline)
        {
            if (peer.Rtcp.TryTake(out byte[]? compound, TimeSpan.FromMilliseconds(100)))
            {
                var reader = new RtcpCompoundReader(compound!);
                while (reader.MoveNext())
                {
                    if (reader.Current.Header.PacketType == packetType)
                    {
                        packet = reader.Current.Packet.ToArray();
                        return true;
                    }
                }
            }
        }

        packet = [];
        return false;
    }

    /// <summary>A generic NACK (RFC 4585 §6.2.1) for one lost packet.</summary>
    public static byte[] Nack(uint mediaSsrc, ushort lost)
    {
        var nack = GenericNack.FromLostSequenceNumbers(PeerSsrc, mediaSsrc, [lost]);
        var bytes = new byte[nack.GetSerializedSize()];
        nack.WriteTo(bytes);
        return bytes;
    }

    /// <summary>A picture loss indication (RFC 4585 §6.3.1).</summary>
    public static byte[] Pli(uint mediaSsrc)
    {
        var pli = new PictureLossIndication { SenderSsrc = PeerSsrc, MediaSsrc = mediaSsrc };
        var bytes = new byte[pli.GetSerializedSize()];
        pli.WriteTo(bytes);
        return bytes;
    }
}
