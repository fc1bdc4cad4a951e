using System.Buffers.Binary;
using Live.Media.Srtp;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>Hex parsing, packet builders and context factories shared by the SRTP tests.</summary>
internal static class SrtpTestPackets
{
    /// <summary>Spare room every test buffer has after the packet, enough for any profile's trailer.</summary>
    public const int Headroom = 32;

    public static readonly SrtpProfile[] Profiles = [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm];

    public static TheoryData<SrtpProfile> AllProfiles => new(Profiles);

    /// <summary>Parses hex as printed in RFCs: whitespace between groups is ignored.</summary>
    public static byte[] Hex(string text) =>
        Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));

    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    /// <summary>A seeded master key for <paramref name="profile"/>, so runs are reproducible.</summary>
    public static SrtpMasterKey MasterKey(SrtpProfile profile, int seed = 1)
    {
        var parameters = SrtpProfileParameters.For(profile);
        var random = new Random(seed);
        var key = new byte[parameters.MasterKeyLength];
        var salt = new byte[parameters.MasterSaltLength];
        random.NextBytes(key);
        random.NextBytes(salt);
        return new SrtpMasterKey(profile, key, salt);
    }

    /// <summary>A sender and receiver sharing one master key.</summary>
    public static (SrtpContext Sender, SrtpContext Receiver) Pair(SrtpProfile profile, int seed = 1)
    {
        var master = MasterKey(profile, seed);
        return (new SrtpContext(master), new SrtpContext(master));
    }

    /// <summary>
    /// Builds an RTP packet (version 2, optional CSRCs and a one-byte-header extension) with a deterministic
    /// payload, in a buffer with <see cref="Headroom"/> spare octets. Returns the packet length.
    /// </summary>
    public static byte[] BuildRtp(ushort sequence, uint ssrc, int payloadLength, out int length, int csrcCount = 0, int extensionWords = 0)
    {
        int header = 12 + csrcCount * 4 + (extensionWords > 0 ? 4 + extensionWords * 4 : 0);
        length = header + payloadLength;
        var buffer = new byte[length + Headroom];
        buffer[0] = (byte)(0x80 | (extensionWords > 0 ? 0x10 : 0) | csrcCount);
        buffer[1] = 111;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), 0x01020304u + sequence * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), ssrc);
        for (int i = 0; i < csrcCount; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(12 + i * 4), 0xC0000000u + (uint)i);
        }

        if (extensionWords > 0)
        {
            int at = 12 + csrcCount * 4;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), 0xBEDE);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at + 2), (ushort)extensionWords);
            for (int i = 0; i < extensionWords * 4; i++)
            {
                buffer[at + 4 + i] = (byte)(0x10 + i);
            }
        }

        for (int i = 0; i < payloadLength; i++)
        {
            buffer[header + i] = (byte)(sequence + i * 7);
        }

        return buffer;
    }

    /// <summary>Builds an RTCP receiver report-ish packet of <paramref name="bodyLength"/> octets after the 8-octet header.</summary>
    public static byte[] BuildRtcp(uint ssrc, int bodyLength, out int length)
    {
        length = 8 + bodyLength;
        var buffer = new byte[length + Headroom];
        buffer[0] = 0x81;
        buffer[1] = 201;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(length / 4 - 1));
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), ssrc);
        for (int i = 0; i < bodyLength; i++)
        {
            buffer[8 + i] = (byte)(0xA0 + i);
        }

        return buffer;
    }
}
