using Live.Media.Srtp;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>The SIMD XOR must equal a byte-by-byte XOR at every length, across vector and scalar tails.</summary>
public sealed class VectorXorTests
{
    [Fact]
    public void XorInPlace_EveryLengthUpTo200_MatchesScalarXor()
    {
        var random = new Random(5);
        for (int length = 0; length <= 200; length++)
        {
            var data = new byte[length];
            var keystream = new byte[length + 3];
            random.NextBytes(data);
            random.NextBytes(keystream);
            var expected = new byte[length];
            for (int i = 0; i < length; i++)
            {
                expected[i] = (byte)(data[i] ^ keystream[i]);
            }

            VectorXor.XorInPlace(data, keystream);

            Assert.Equal(expected, data);
        }
    }

    [Fact]
    public void XorInPlace_ShortKeystream_Throws()
    {
        Assert.Throws<ArgumentException>(() => VectorXor.XorInPlace(new byte[10], new byte[9]));
    }
}
