using System.Runtime.Intrinsics;

namespace Live.Media.Srtp;

/// <summary>
/// XORs a keystream into data with the widest SIMD registers the machine accelerates, then a scalar tail.
/// Shared by AES-CM encryption and decryption.
/// </summary>
internal static class VectorXor
{
    /// <summary>data[i] ^= keystream[i] for every i in data; keystream must be at least as long.</summary>
    public static void XorInPlace(Span<byte> data, ReadOnlySpan<byte> keystream)
    {
        if (keystream.Length < data.Length)
        {
            throw new ArgumentException("The keystream is shorter than the data.", nameof(keystream));
        }

        int i = 0;
        int length = data.Length;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var mixed = Vector256.Create(data.Slice(i)) ^ Vector256.Create(keystream.Slice(i));
                mixed.CopyTo(data.Slice(i));
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var mixed = Vector128.Create(data.Slice(i)) ^ Vector128.Create(keystream.Slice(i));
                mixed.CopyTo(data.Slice(i));
            }
        }

        for (; i < length; i++)
        {
            data[i] ^= keystream[i];
        }
    }
}
