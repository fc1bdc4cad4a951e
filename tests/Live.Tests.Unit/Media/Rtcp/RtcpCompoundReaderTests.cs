using Live.Media.Rtcp;

namespace Live.Tests.Unit.Media.Rtcp;

public class RtcpCompoundReaderTests
{
    [Fact]
    public void Reader_CompoundOfSeveralTypes_YieldsEachPacket()
    {
        byte[] datagram = RtcpVectors.Bytes(
            RtcpVectors.SenderReport + RtcpVectors.SourceDescription + RtcpVectors.Remb + RtcpVectors.TransportWide);

        var seen = new List<(byte Type, byte Count, int Length, int BodyLength)>();
        var reader = new RtcpCompoundReader(datagram);
        foreach (RtcpPacketView packet in reader)
        {
            seen.Add((packet.Header.PacketType, packet.Header.Count, packet.Packet.Length, packet.Body.Length));
        }

        Assert.Equal([(200, 1, 52, 48), (202, 1, 28, 24), (206, 15, 24, 20), (205, 15, 28, 22)], seen);
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void Reader_TruncatedTail_StopsAndReportsMalformed()
    {
        byte[] datagram = RtcpVectors.Bytes(RtcpVectors.ReceiverReport + RtcpVectors.PictureLoss)[..^2];

        var reader = new RtcpCompoundReader(datagram);
        int count = 0;
        while (reader.MoveNext())
        {
            Assert.True(ReceiverReport.TryParse(reader.Current.Packet, out _));
            count++;
        }

        Assert.Equal(1, count);
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void Writer_Packets_ReadBackInOrder()
    {
        IRtcpPacket[] packets =
        [
            new ReceiverReport { Ssrc = 1 },
            new SourceDescription { Chunks = [new SdesChunk(1, [new SdesItem(SdesItem.CnameType, "cname")])] },
            new PictureLossIndication { SenderSsrc = 1, MediaSsrc = 2 },
        ];
        var datagram = new byte[RtcpCompoundWriter.GetSerializedSize(packets)];
        RtcpCompoundWriter.WriteTo(datagram, packets);

        var types = new List<byte>();
        foreach (RtcpPacketView packet in new RtcpCompoundReader(datagram))
        {
            types.Add(packet.Header.PacketType);
        }

        Assert.Equal([RtcpPacketType.ReceiverReport, RtcpPacketType.SourceDescription, RtcpPacketType.PayloadSpecificFeedback], types);
    }

    [Fact]
    public void Reader_Iteration_AllocatesNothing()
    {
        byte[] datagram = RtcpVectors.Bytes(
            RtcpVectors.SenderReport + RtcpVectors.SourceDescription + RtcpVectors.GenericNack + RtcpVectors.TransportWide);
        int total = Count(datagram, 100);

        long allocated = SteadyStateAllocations.Least(_ => total += Count(datagram, 5_000));

        Assert.Equal(0, allocated);
        Assert.Equal(4 * (100 + SteadyStateAllocations.Batches * 5_000), total);
    }

    private static int Count(byte[] datagram, int iterations)
    {
        int total = 0;
        for (int i = 0; i < iterations; i++)
        {
            foreach (RtcpPacketView _ in new RtcpCompoundReader(datagram))
            {
                total++;
            }
        }

        return total;
    }
}
