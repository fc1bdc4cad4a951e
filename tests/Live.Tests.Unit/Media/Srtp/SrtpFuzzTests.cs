using Live.Media.Srtp;
using static Live.Tests.Unit.Media.Srtp.SrtpTestPackets;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>
/// Seeded fuzzing of unprotect: random bytes and mutated valid packets must never throw, and a packet that
/// differs from what the sender produced must never be accepted.
/// </summary>
public sealed class SrtpFuzzTests
{
    private const int Iterations = 3000;

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 11)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 12)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 21)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 22)]
    public void Unprotect_RandomBytes_NeverThrowsNeverAccepts(SrtpProfile profile, int seed)
    {
        var (_, receiver) = Pair(profile);
        var random = new Random(seed);
        for (int i = 0; i < Iterations; i++)
        {
            var junk = new byte[random.Next(0, 200)];
            random.NextBytes(junk);
            if (junk.Length > 0 && random.Next(2) == 0)
            {
                junk[0] = (byte)(0x80 | (junk[0] & 0x3F)); // get past the version check half of the time
            }

            bool rtp = random.Next(2) == 0;
            bool accepted = rtp
                ? receiver.TryUnprotectRtp((byte[])junk.Clone(), junk.Length, out _, out var error)
                : receiver.TryUnprotectRtcp((byte[])junk.Clone(), junk.Length, out _, out error);

            Assert.False(accepted);
            Assert.NotEqual(SrtpError.None, error);
        }

        Assert.Equal(0, receiver.StreamCount);
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 31)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 41)]
    public void Unprotect_MutatedValidPackets_NeverThrowsNeverAcceptsThenOriginalsStillVerify(SrtpProfile profile, int seed)
    {
        var (sender, receiver) = Pair(profile);
        var random = new Random(seed);
        var srtp = BuildRtp(777, 0x5151, 48, out int rtpLength, csrcCount: 1, extensionWords: 1);
        Assert.True(sender.TryProtectRtp(srtp, rtpLength, out int srtpLength));
        var srtcp = BuildRtcp(0x5151, 40, out int rtcpLength);
        Assert.True(sender.TryProtectRtcp(srtcp, rtcpLength, out int srtcpLength));
        var validRtp = srtp.AsSpan(0, srtpLength).ToArray();
        var validRtcp = srtcp.AsSpan(0, srtcpLength).ToArray();

        for (int i = 0; i < Iterations; i++)
        {
            bool rtp = i % 2 == 0;
            var mutated = Mutate(rtp ? validRtp : validRtcp, random);
            if (mutated.AsSpan().SequenceEqual(rtp ? validRtp : validRtcp))
            {
                continue;
            }

            bool accepted = rtp
                ? receiver.TryUnprotectRtp(mutated, mutated.Length, out _, out var error)
                : receiver.TryUnprotectRtcp(mutated, mutated.Length, out _, out error);

            Assert.False(accepted, $"iteration {i} accepted a mutated packet");
            Assert.NotEqual(SrtpError.None, error);
        }

        Assert.True(receiver.TryUnprotectRtp(validRtp, validRtp.Length, out _));
        Assert.True(receiver.TryUnprotectRtcp(validRtcp, validRtcp.Length, out _));
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var copy = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0:
                copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                return copy;
            case 1:
                for (int n = random.Next(1, 6); n > 0; n--)
                {
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                }

                return copy;
            case 2:
                return copy.AsSpan(0, random.Next(copy.Length)).ToArray();
            default:
                var longer = new byte[copy.Length + random.Next(1, 8)];
                copy.CopyTo(longer, 0);
                random.NextBytes(longer.AsSpan(copy.Length));
                return longer;
        }
    }
}
