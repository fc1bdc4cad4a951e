using Live.Media.Rtp;

namespace Live.Tests.Unit.Media.Rtp;

public class RtpFuzzTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MutatedPackets_NeverThrow_AndReparseToSameFields(int seed)
    {
        var random = new Random(seed);
        string[] corpus = [RtpHeaderTests.OneBytePacketHex, RtpHeaderTests.TwoBytePacketHex, "80000000 00000000 00000000 0102"];
        int parsed = 0;
        for (int i = 0; i < 3000; i++)
        {
            byte[] bytes = RtpHeaderTests.Hex(corpus[random.Next(corpus.Length)]);
            bytes = Mutate(random, bytes);

            Vp8PayloadDescriptor.TryParse(bytes, out _);
            H264KeyFrameDetector.IsKeyFrame(bytes);
            if (!RtpPacket.TryParse(bytes, out RtpPacket packet))
            {
                continue;
            }

            parsed++;
            RtpPacketBuilder builder = RtpTestPackets.ToBuilder(packet);
            var written = new byte[builder.GetSerializedSize()];
            builder.WriteTo(written);
            Assert.True(RtpPacket.TryParse(written, out RtpPacket again));
            Assert.Equal(packet.Header.SequenceNumber, again.Header.SequenceNumber);
            Assert.Equal(packet.Header.Ssrc, again.Header.Ssrc);
            Assert.Equal(packet.Header.PayloadType, again.Header.PayloadType);
            Assert.Equal(packet.Header.CsrcCount, again.Header.CsrcCount);
            Assert.Equal(packet.Payload.ToArray(), again.Payload.ToArray());
            Assert.Equal(Elements(packet), Elements(again));
        }

        Assert.True(parsed > 100, $"only {parsed} mutated packets parsed");
    }

    private static List<string> Elements(RtpPacket packet)
    {
        var list = new List<string>();
        foreach (RtpHeaderExtension e in packet.Extensions)
        {
            list.Add($"{e.Id}:{Convert.ToHexString(e.Data)}");
        }

        return list;
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
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            default:
                var longer = new byte[bytes.Length + random.Next(1, 8)];
                bytes.CopyTo(longer, 0);
                random.NextBytes(longer.AsSpan(bytes.Length));
                return longer;
        }
    }
}
