using System.Buffers.Binary;
using Live.Media.Stun;

namespace Live.Tests.Unit.Media.Stun;

/// <summary>
/// Seeded mutations of valid messages: the parser never throws, and whatever it accepts writes back to the same bytes.
/// </summary>
public sealed class StunFuzzTests
{
    private const int Iterations = 4000;

    public static TheoryData<int> Seeds => [1, 2, 3, 5, 8];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TryParse_MutatedMessages_NeverThrowsAndAcceptedOnesRoundTrip(int seed)
    {
        var random = new Random(seed);
        byte[][] corpus = [.. Rfc5769Vectors.All, .. BuildExtraCorpus()];
        int accepted = 0;

        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = Mutate(random, corpus[random.Next(corpus.Length)]);
            if (Probe(input))
            {
                accepted++;
            }
        }

        // Proves the mutations still reach the attribute walk rather than dying at the header.
        Assert.InRange(accepted, Iterations / 20, Iterations);
    }

    [Fact]
    public void TryParse_RandomAttributeSoupBehindValidHeader_NeverThrows()
    {
        var random = new Random(42);
        for (int i = 0; i < Iterations; i++)
        {
            var body = new byte[4 * random.Next(0, 40)];
            random.NextBytes(body);
            var message = new byte[StunHeader.Length + body.Length];
            BinaryPrimitives.WriteUInt16BigEndian(message, 0x0001);
            BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(StunHeader.LengthOffset), (ushort)body.Length);
            BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(StunHeader.MagicCookieOffset), StunHeader.MagicCookie);
            body.CopyTo(message, StunHeader.Length);

            Probe(message);
        }
    }

    private static bool Probe(byte[] input)
    {
        bool parsed = StunMessage.TryParse(input, out StunMessage? message);
        Assert.Equal(parsed, StunMessageReader.TryParse(input, out StunMessageReader reader));
        StunMessage.VerifyIntegrity(input, "key"u8);
        StunMessage.VerifyFingerprint(input);
        if (!parsed)
        {
            return false;
        }

        var written = new byte[message!.GetSerializedSize()];
        Assert.Equal(input.Length, message.WriteTo(written));
        Assert.Equal(input, written);

        Span<byte> address = stackalloc byte[16];
        foreach (StunAttributeView attribute in reader)
        {
            StunXorAddress.TryRead(attribute.Value, reader.TransactionIdBytes, address, out _, out _);
            StunErrorCode.TryRead(attribute.Value, out _, out _);
        }

        message.TryGetXorMappedAddress(out _);
        message.TryGetErrorCode(out _, out _);
        return true;
    }

    private static byte[] Mutate(Random random, byte[] original)
    {
        byte[] copy = (byte[])original.Clone();
        switch (random.Next(5))
        {
            case 0: // flip a few bits anywhere
                for (int k = random.Next(1, 4); k > 0; k--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                return copy;
            case 1: // truncate
                return copy.AsSpan(0, random.Next(copy.Length)).ToArray();
            case 2: // rewrite one attribute length, keeping the header consistent
            {
                int offset = StunHeader.Length + 4 * random.Next((copy.Length - StunHeader.Length) / 4);
                if (offset + 4 <= copy.Length)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(offset + 2), (ushort)random.Next(0, 64));
                }

                return copy;
            }
            case 3: // corrupt the message length field
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(StunHeader.LengthOffset), (ushort)random.Next(0, 256));
                return copy;
            default: // mutate only attribute bodies (values and padding), which parse and must round-trip
                for (int k = random.Next(1, 8); k > 0; k--)
                {
                    int index = random.Next(StunHeader.Length, copy.Length);
                    copy[index] = (byte)random.Next(256);
                }

                return copy;
        }
    }

    private static IEnumerable<byte[]> BuildExtraCorpus()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, StunTransactionId.NewRandom());
        writer.AddErrorCode(StunErrorCode.UnknownAttribute);
        writer.AddUnknownAttributes([0x0003, 0x0004]);
        writer.AddFingerprint();
        yield return writer.Written.ToArray();

        writer = new StunMessageWriter(buffer, StunMessageType.BindingIndication, StunTransactionId.NewRandom());
        writer.AddFlag(StunAttributeType.UseCandidate);
        writer.AddAttribute((StunAttributeType)0xC057, [0x00, 0x01, 0x00, 0x0A]);
        yield return writer.Written.ToArray();
    }
}
