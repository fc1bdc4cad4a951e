using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;

namespace Live.Media.Srtp;

/// <summary>
/// Checks an AES-GCM authentication tag (NIST SP 800-38D §7.2 steps 2–6, 96-bit IV) without decrypting, so a forged
/// packet is rejected by a comparison instead of by the <see cref="AuthenticationTagMismatchException"/> that
/// <see cref="AesGcm"/> throws: under a flood of forged SRTP that exception cost about 184 bytes and several
/// microseconds per packet, while AES-CM rejected the same flood allocation-free. <see cref="AesGcmTransform"/> checks
/// tags first once it has seen a forgery; only packets that pass go on to AesGcm's decryption.
/// </summary>
/// <remarks>
/// GHASH multiplies in GF(2^128) with the carry-less multiply instruction, following the method of Gueron and
/// Kounavis ("Intel Carry-Less Multiplication Instruction and its Usage for Computing the GCM Mode", 2014): blocks are
/// byte-reflected, multiplied as 256-bit polynomials, shifted left by one bit and reduced modulo
/// x^128 + x^7 + x^2 + x + 1 in two phases. Where the instruction is missing (<see cref="IsSupported"/> false) the
/// transform keeps AesGcm's own check alone. Not thread-safe.
/// </remarks>
internal sealed class GcmTagCheck : IDisposable
{
    private const int BlockSize = 16;
    private const int IvLength = 12;

    private static readonly Vector128<byte> ReverseBytes = Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    private readonly AesCounterMode _aes;
    private readonly Vector128<ulong> _hashKey;

    /// <param name="key">The AES key of the GCM context.</param>
    public GcmTagCheck(ReadOnlySpan<byte> key)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("GHASH needs PCLMULQDQ and SSSE3.");
        _aes = new AesCounterMode(key);
        // SP 800-38D §7.1 step 1: H = CIPH_K(0^128).
        Span<byte> h = stackalloc byte[BlockSize];
        _aes.GenerateKeystream(stackalloc byte[BlockSize], h);
        _hashKey = Load(h);
    }

    /// <summary>Whether this processor can run the check.</summary>
    public static bool IsSupported => Pclmulqdq.IsSupported && Ssse3.IsSupported;

    /// <summary>True when <paramref name="tag"/> is the 16-octet tag of <paramref name="aad"/> and <paramref name="ciphertext"/>.</summary>
    public bool Verify(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag)
    {
        if (iv.Length != IvLength || tag.Length != BlockSize) return false;

        // §7.2 steps 4–5: S = GHASH_H(A ‖ 0^v ‖ C ‖ 0^u ‖ [len(A)]64 ‖ [len(C)]64).
        var x = Absorb(Vector128<ulong>.Zero, aad);
        x = Absorb(x, ciphertext);
        Span<byte> block = stackalloc byte[BlockSize];
        BinaryPrimitives.WriteUInt64BigEndian(block, (ulong)aad.Length * 8);
        BinaryPrimitives.WriteUInt64BigEndian(block.Slice(8), (ulong)ciphertext.Length * 8);
        x = Multiply(x ^ Load(block), _hashKey);

        // §7.2 steps 2 and 6: J0 = IV ‖ 0^31 ‖ 1, T = GCTR_K(J0, S) = CIPH_K(J0) XOR S.
        Span<byte> j0 = stackalloc byte[BlockSize];
        iv.CopyTo(j0);
        j0[BlockSize - 1] = 1;
        _aes.GenerateKeystream(j0, block);
        var expected = Ssse3.Shuffle(x.AsByte(), ReverseBytes) ^ Vector128.Create((ReadOnlySpan<byte>)block);
        expected.CopyTo(block);
        return CryptographicOperations.FixedTimeEquals(block, tag);
    }

    public void Dispose() => _aes.Dispose();

    private Vector128<ulong> Absorb(Vector128<ulong> x, ReadOnlySpan<byte> data)
    {
        int full = data.Length & ~(BlockSize - 1);
        for (int i = 0; i < full; i += BlockSize)
        {
            x = Multiply(x ^ Load(data.Slice(i, BlockSize)), _hashKey);
        }

        if (full < data.Length)
        {
            Span<byte> last = stackalloc byte[BlockSize];
            last.Clear();
            data.Slice(full).CopyTo(last);
            x = Multiply(x ^ Load(last), _hashKey);
        }

        return x;
    }

    /// <summary>A block as GHASH's reflected 128-bit integer.</summary>
    private static Vector128<ulong> Load(ReadOnlySpan<byte> block) => Ssse3.Shuffle(Vector128.Create(block), ReverseBytes).AsUInt64();

    /// <summary>a·b in GF(2^128), both byte-reflected (Gueron–Kounavis, the shift-then-reduce variant).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        // The 256-bit product [high:low] from four 64×64 carry-less products.
        var low = Pclmulqdq.CarrylessMultiply(a, b, 0x00);
        var middle = Pclmulqdq.CarrylessMultiply(a, b, 0x10) ^ Pclmulqdq.CarrylessMultiply(a, b, 0x01);
        var high = Pclmulqdq.CarrylessMultiply(a, b, 0x11);
        low ^= Sse2.ShiftLeftLogical128BitLane(middle.AsByte(), 8).AsUInt64();
        high ^= Sse2.ShiftRightLogical128BitLane(middle.AsByte(), 8).AsUInt64();

        // Reflected operands give a product one bit short: shift the 256-bit value left by one.
        var low32 = low.AsUInt32();
        var high32 = high.AsUInt32();
        var lowCarry = Sse2.ShiftRightLogical(low32, 31);
        var highCarry = Sse2.ShiftRightLogical(high32, 31);
        low32 = Sse2.ShiftLeftLogical(low32, 1);
        high32 = Sse2.ShiftLeftLogical(high32, 1);
        var crossing = Sse2.ShiftRightLogical128BitLane(lowCarry.AsByte(), 12).AsUInt32();
        highCarry = Sse2.ShiftLeftLogical128BitLane(highCarry.AsByte(), 4).AsUInt32();
        lowCarry = Sse2.ShiftLeftLogical128BitLane(lowCarry.AsByte(), 4).AsUInt32();
        low32 |= lowCarry;
        high32 |= highCarry | crossing;

        // Reduction modulo x^128 + x^7 + x^2 + x + 1, first phase: the low half times x^63, x^62 and x^57.
        var fold = Sse2.ShiftLeftLogical(low32, 31) ^ Sse2.ShiftLeftLogical(low32, 30) ^ Sse2.ShiftLeftLogical(low32, 25);
        var spill = Sse2.ShiftRightLogical128BitLane(fold.AsByte(), 4).AsUInt32();
        low32 ^= Sse2.ShiftLeftLogical128BitLane(fold.AsByte(), 12).AsUInt32();

        // Second phase: shifts right by 1, 2 and 7, then fold into the high half.
        var second = Sse2.ShiftRightLogical(low32, 1) ^ Sse2.ShiftRightLogical(low32, 2) ^ Sse2.ShiftRightLogical(low32, 7) ^ spill;
        low32 ^= second;
        return (high32 ^ low32).AsUInt64();
    }
}
