using Live.Media.Net.Tcp;

namespace Live.Tests.Unit.Media.Net.Tcp;

/// <summary>
/// Seeded random streams, cut into random reads: the reader never throws, never yields a frame over its limit, and
/// a well-formed stream comes back frame for frame; a mutated one either does too or poisons the reader.
/// </summary>
public sealed class Rfc4571FuzzTests
{
    private const int Iterations = 300;

    public static TheoryData<int> Seeds => [1, 2, 3, 5, 8];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TryRead_RandomFramesRandomReads_RoundTrip(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < Iterations; i++)
        {
            int limit = random.Next(1, 2000);
            var frames = new List<byte[]>();
            for (int f = random.Next(1, 20); f > 0; f--)
            {
                var packet = new byte[random.Next(0, limit + 1)];
                random.NextBytes(packet);
                frames.Add(packet);
            }

            byte[] stream = frames.SelectMany(Rfc4571FrameReaderTests.Frame).ToArray();
            Assert.Equal(frames, Feed(random, new Rfc4571FrameReader(limit), stream, limit, out bool poisoned));
            Assert.False(poisoned);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void TryRead_MutatedOrRandomStreams_NeverThrowsNorExceedsLimit(int seed)
    {
        var random = new Random(seed);
        int poisonedStreams = 0;
        for (int i = 0; i < Iterations; i++)
        {
            int limit = random.Next(1, 1500);
            byte[] stream;
            if (random.Next(2) == 0)
            {
                stream = new byte[random.Next(0, 5000)];
                random.NextBytes(stream);
            }
            else
            {
                stream = Enumerable.Range(0, random.Next(1, 10))
                    .SelectMany(_ => Rfc4571FrameReaderTests.Frame(new byte[random.Next(0, limit + 1)])).ToArray();
                for (int m = random.Next(1, 4); m > 0; m--)
                {
                    stream[random.Next(stream.Length)] = (byte)random.Next(256);
                }
            }

            var reader = new Rfc4571FrameReader(limit);
            Feed(random, reader, stream, limit, out bool poisoned);
            if (poisoned)
            {
                poisonedStreams++;
            }
        }

        // Random prefixes mostly exceed the limit: proves the poisoning branch is exercised, not just clean streams.
        Assert.InRange(poisonedStreams, Iterations / 10, Iterations);
    }

    private static List<byte[]> Feed(Random random, Rfc4571FrameReader reader, byte[] stream, int limit, out bool poisoned)
    {
        var frames = new List<byte[]>();
        int offset = 0;
        while (offset < stream.Length && !reader.IsPoisoned)
        {
            Memory<byte> free = reader.GetWritableMemory();
            int count = Math.Min(Math.Min(free.Length, random.Next(1, 3000)), stream.Length - offset);
            Assert.True(count > 0, "the reader left no room for the next read");
            stream.AsSpan(offset, count).CopyTo(free.Span);
            reader.Advance(count);
            offset += count;
            while (reader.TryRead(out Span<byte> frame))
            {
                Assert.InRange(frame.Length, 0, limit);
                frames.Add(frame.ToArray());
            }
        }

        poisoned = reader.IsPoisoned;
        return frames;
    }
}
