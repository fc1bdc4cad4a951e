using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Live.Media.Srtp;

/// <summary>
/// AES in counter mode as RFC 3711 §4.1.1 defines it: keystream block j is AES_k(IV + j). Counter blocks are
/// encrypted in batches by one reused ECB transform into reused buffers, then XORed in with SIMD.
/// </summary>
/// <remarks>
/// <see cref="SymmetricAlgorithm.EncryptEcb(ReadOnlySpan{byte}, Span{byte}, PaddingMode)"/> creates a native cipher
/// context per call (about 66 bytes of managed garbage each on Linux/.NET 10), so the hot path keeps one
/// <see cref="ICryptoTransform"/> instead: ECB has no chaining state, so the transform is safely reusable.
/// Not thread-safe.
/// </remarks>
internal sealed class AesCounterMode : IDisposable
{
    /// <summary>AES block size in octets.</summary>
    public const int BlockSize = 16;

    // 64 blocks = 1 KiB of keystream per native call: one call covers a typical audio packet, two a full MTU.
    private const int BatchBlocks = 64;
    private const int CounterOffset = 8;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counterBlocks = new byte[BatchBlocks * BlockSize];
    private readonly byte[] _keystream = new byte[BatchBlocks * BlockSize];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>XORs the keystream starting at counter block <paramref name="iv"/> into <paramref name="data"/>.</summary>
    /// <param name="iv">The 16-octet initial counter block.</param>
    /// <param name="data">Encrypted or decrypted in place.</param>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        if (iv.Length != BlockSize)
        {
            throw new ArgumentException("The counter block must be 16 octets.", nameof(iv));
        }

        // RFC 3711 §4.1.1 adds j to the whole 128-bit IV; SRTP IVs end in 16 zero bits and packets stay far
        // below 2^16 blocks, so a 64-bit add on the low half is exact.
        ulong counterLow = BinaryPrimitives.ReadUInt64BigEndian(iv.Slice(CounterOffset));
        int done = 0;
        while (done < data.Length)
        {
            int remaining = data.Length - done;
            int blocks = Math.Min(BatchBlocks, (remaining + BlockSize - 1) / BlockSize);
            for (int b = 0; b < blocks; b++)
            {
                var counter = _counterBlocks.AsSpan(b * BlockSize, BlockSize);
                iv.Slice(0, CounterOffset).CopyTo(counter);
                BinaryPrimitives.WriteUInt64BigEndian(counter.Slice(CounterOffset), counterLow++);
            }

            int keystreamBytes = blocks * BlockSize;
            _ecb.TransformBlock(_counterBlocks, 0, keystreamBytes, _keystream, 0);
            int chunk = Math.Min(remaining, keystreamBytes);
            VectorXor.XorInPlace(data.Slice(done, chunk), _keystream.AsSpan(0, chunk));
            done += chunk;
        }
    }

    /// <summary>Writes the raw keystream (the encryption of zeros) into <paramref name="output"/>.</summary>
    public void GenerateKeystream(ReadOnlySpan<byte> iv, Span<byte> output)
    {
        output.Clear();
        Apply(iv, output);
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_keystream);
    }
}
