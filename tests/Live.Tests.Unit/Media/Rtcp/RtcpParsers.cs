using Live.Media.Rtcp;

namespace Live.Tests.Unit.Media.Rtcp;

internal static class RtcpParsers
{
    /// <summary>Runs every typed parser over <paramref name="packet"/>; each entry is the parsed packet or null.</summary>
    public static IRtcpPacket?[] ParseAll(ReadOnlySpan<byte> packet) =>
    [
        SenderReport.TryParse(packet, out SenderReport sr) ? sr : null,
        ReceiverReport.TryParse(packet, out ReceiverReport rr) ? rr : null,
        SourceDescription.TryParse(packet, out SourceDescription sdes) ? sdes : null,
        Goodbye.TryParse(packet, out Goodbye bye) ? bye : null,
        GenericNack.TryParse(packet, out GenericNack nack) ? nack : null,
        PictureLossIndication.TryParse(packet, out PictureLossIndication pli) ? pli : null,
        FullIntraRequest.TryParse(packet, out FullIntraRequest fir) ? fir : null,
        ReceiverEstimatedMaxBitrate.TryParse(packet, out ReceiverEstimatedMaxBitrate remb) ? remb : null,
        TransportWideFeedback.TryParse(packet, out TransportWideFeedback twcc) ? twcc : null,
    ];
}
