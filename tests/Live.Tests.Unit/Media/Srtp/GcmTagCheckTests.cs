using System.Security.Cryptography;
using Live.Media.Srtp;
using static Live.Tests.Unit.Media.Srtp.SrtpTestPackets;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>
/// The GHASH tag check that rejects forged AES-GCM packets without an exception: the GCM specification's own test
/// cases, agreement with the platform's AesGcm on random inputs of every awkward length, and a forged-SRTP flood that
/// throws nothing and allocates nothing.
/// </summary>
public sealed class GcmTagCheckTests
{
    public GcmTagCheckTests() => Assert.True(GcmTagCheck.IsSupported, "these machines have PCLMULQDQ; without it the transform falls back to AesGcm alone");

    [Theory]
    // McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, test cases 1 and 2:
    // K = 0^128, IV = 0^96, no AAD; P empty, then P = 0^128.
    [InlineData("", "", "58e2fccefa7e3061367f1d57a4e7455a")]
    [InlineData("00000000000000000000000000000000", "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf")]
    public void Verify_GcmSpecificationTestCases_AcceptsTheirTags(string plaintext, string ciphertext, string tag)
    {
        var key = new byte[16];
        var iv = new byte[12];
        using var check = new GcmTagCheck(key);

        Assert.True(check.Verify(iv, [], Hex(ciphertext), Hex(tag)));
        // The platform agrees that this is the ciphertext of the plaintext.
        using var gcm = new AesGcm(key, 16);
        var encrypted = new byte[plaintext.Length / 2];
        var platformTag = new byte[16];
        gcm.Encrypt(iv, Hex(plaintext), encrypted, platformTag);
        Assert.Equal(ciphertext, ToHex(encrypted));
        Assert.Equal(tag, ToHex(platformTag));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(12, 0)]
    [InlineData(0, 1)]
    [InlineData(8, 15)]
    [InlineData(12, 16)]
    [InlineData(15, 17)]
    [InlineData(16, 100)]
    [InlineData(20, 1200)]
    [InlineData(17, 1389)]
    public void Verify_RandomInputs_AgreesWithAesGcm_AndRejectsAnyChangedBit(int aadLength, int plaintextLength)
    {
        var random = new Random(aadLength * 7919 + plaintextLength);
        for (int round = 0; round < 20; round++)
        {
            byte[] key = Bytes(random, 16), iv = Bytes(random, 12), aad = Bytes(random, aadLength), plaintext = Bytes(random, plaintextLength);
            var ciphertext = new byte[plaintextLength];
            var tag = new byte[16];
            using (var gcm = new AesGcm(key, 16)) gcm.Encrypt(iv, plaintext, ciphertext, tag, aad);
            using var check = new GcmTagCheck(key);

            Assert.True(check.Verify(iv, aad, ciphertext, tag));
            AssertRejectsFlip(tag, random, () => check.Verify(iv, aad, ciphertext, tag));
            if (aadLength > 0) AssertRejectsFlip(aad, random, () => check.Verify(iv, aad, ciphertext, tag));
            if (plaintextLength > 0) AssertRejectsFlip(ciphertext, random, () => check.Verify(iv, aad, ciphertext, tag));
            AssertRejectsFlip(iv, random, () => check.Verify(iv, aad, ciphertext, tag));
        }
    }

    [Fact]
    public void ForgedGcmSrtp_Flood_OneExceptionThenRejectedWithoutExceptionsOrAllocation()
    {
        var (sender, receiver) = Pair(SrtpProfile.AeadAes128Gcm);
        var template = BuildRtp(0, 0xF0F0, 1100, out int length);
        var buffer = new byte[template.Length];
        ushort sequence = 0;
        // The receiver has seen the stream, so each forged packet reaches the tag check (not an unknown-SSRC path).
        template.AsSpan().CopyTo(buffer);
        Assert.True(sender.TryProtectRtp(buffer, length, out int protectedLength));
        Assert.True(receiver.TryUnprotectRtp(buffer, protectedLength, out _));

        // Other tests run in parallel and throw their own: count only this thread's.
        int exceptions = 0;
        int thread = Environment.CurrentManagedThreadId;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread) Interlocked.Increment(ref exceptions);
        }
        void Forge()
        {
            template.AsSpan().CopyTo(buffer);
            sequence++;
            buffer[2] = (byte)(sequence >> 8);
            buffer[3] = (byte)sequence;
            buffer[protectedLength - 1] ^= 0x5A; // garbage where the tag is
            if (receiver.TryUnprotectRtp(buffer, protectedLength, out _)) throw new InvalidOperationException("a forged packet was accepted");
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            for (int i = 0; i < 200; i++) Forge();
            long allocated = SteadyStateAllocations.Least(_ =>
            {
                for (int i = 0; i < 5_000; i++) Forge();
            });
            Assert.Equal(0, allocated);
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        // The first forgery is found by AesGcm itself (genuine traffic is not checked twice); from then on tags are
        // checked first, and the flood costs a comparison per packet.
        Assert.Equal(1, exceptions);
        // And the stream's genuine next packet still decrypts: forged ones changed neither its index nor its replay window.
        template.AsSpan().CopyTo(buffer);
        buffer[3] = 1;
        Assert.True(sender.TryProtectRtp(buffer, length, out protectedLength));
        Assert.True(receiver.TryUnprotectRtp(buffer, protectedLength, out _));
    }

    private static byte[] Bytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static void AssertRejectsFlip(byte[] data, Random random, Func<bool> verify)
    {
        int bit = random.Next(data.Length * 8);
        data[bit / 8] ^= (byte)(1 << (bit % 8));
        Assert.False(verify(), $"a flipped bit {bit} passed");
        data[bit / 8] ^= (byte)(1 << (bit % 8));
        Assert.True(verify());
    }
}
