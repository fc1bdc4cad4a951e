using Live.Media.Rtp;

namespace Live.Tests.Unit.Media.Rtp;

internal static class RtpTestPackets
{
    /// <summary>Copies every parsed field of <paramref name="packet"/> into a builder.</summary>
    public static RtpPacketBuilder ToBuilder(RtpPacket packet)
    {
        RtpHeader h = packet.Header;
        var builder = new RtpPacketBuilder
        {
            Marker = h.Marker,
            PayloadType = h.PayloadType,
            SequenceNumber = h.SequenceNumber,
            Timestamp = h.Timestamp,
            Ssrc = h.Ssrc,
            Payload = packet.Payload.ToArray(),
            PaddingLength = h.PaddingLength,
        };
        for (int i = 0; i < h.CsrcCount; i++)
        {
            builder.AddCsrc(packet.GetCsrc(i));
        }

        foreach (RtpHeaderExtension e in packet.Extensions)
        {
            builder.AddExtension(e.Id, e.Data);
        }

        return builder;
    }
}
