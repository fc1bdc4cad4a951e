using Live.Media.Rtcp;

namespace Live.Tests.Unit.Media.Rtcp;

public class RtcpFuzzTests
{
    private static readonly string[] Corpus =
    [
        RtcpVectors.SenderReport, RtcpVectors.ReceiverReport, RtcpVectors.SourceDescription, RtcpVectors.Goodbye,
        RtcpVectors.GenericNack, RtcpVectors.PictureLoss, RtcpVectors.FullIntraRequest, RtcpVectors.Remb, RtcpVectors.TransportWide,
    ];

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void MutatedPackets_NeverThrow_AndReserializeStably(int seed)
    {
        var random = new Random(seed);
        int parsed = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] bytes = Mutate(random, RtcpVectors.Bytes(Corpus[random.Next(Corpus.Length)]));

            foreach (RtcpPacketView _ in new RtcpCompoundReader(bytes))
            {
            }

            foreach (IRtcpPacket? packet in RtcpParsers.ParseAll(bytes))
            {
                if (packet is null)
                {
                    continue;
                }

                parsed++;
                byte[] first = Write(packet);
                IRtcpPacket again = Assert.Single(RtcpParsers.ParseAll(first), p => p?.GetType() == packet.GetType())!;
                Assert.Equal(Convert.ToHexString(first), Convert.ToHexString(Write(again)));
            }
        }

        Assert.True(parsed > 300, $"only {parsed} mutated packets parsed");
    }

    private static byte[] Write(IRtcpPacket packet)
    {
        var bytes = new byte[packet.GetSerializedSize()];
        packet.WriteTo(bytes);
        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] bytes)
    {
        switch (random.Next(4))
        {
            case 0:
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length + 1)];
            case 2:
                // Mutations past the fixed header are the interesting ones; keep version/type intact more often.
                bytes[4 + random.Next(bytes.Length - 4)] = (byte)random.Next(256);
                return bytes;
            default:
                var longer = new byte[bytes.Length + random.Next(1, 9)];
                bytes.CopyTo(longer, 0);
                random.NextBytes(longer.AsSpan(bytes.Length));
                return longer;
        }
    }
}
