using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Live.Media.Srtp;

/// <summary>
/// SRTP_AES128_CM_HMAC_SHA1_80 (RFC 3711): AES-CM encryption of the payload, then an HMAC-SHA1 tag over the
/// authenticated portion truncated to 80 bits. HMAC state and AES schedules are built once and reused.
/// </summary>
internal sealed class AesCmHmacSha1Transform : SrtpTransform
{
    // RFC 3711 §4.2.1: HMAC-SHA1 output is 160 bits; SRTP_AES128_CM_HMAC_SHA1_80 keeps the leftmost 80.
    private const int HmacSha1Length = 20;
    private const int Tag80Length = 10;

    // RFC 3711 §4.1.1: IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16): SSRC on octets 4..7, the 48-bit index on 8..13.
    private const int IvSsrcOffset = 4;
    private const int IvIndexOffset = 8;
    private const int IndexLength = 6;

    private const int RocLength = 4;

    private readonly AesCounterMode _rtpCipher;
    private readonly AesCounterMode _rtcpCipher;
    private readonly IncrementalHash _rtpHmac;
    private readonly IncrementalHash _rtcpHmac;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    public AesCmHmacSha1Transform(SrtpSessionKeys keys)
    {
        _rtpCipher = new AesCounterMode(keys.RtpEncryptionKey);
        _rtcpCipher = new AesCounterMode(keys.RtcpEncryptionKey);
        _rtpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthenticationKey);
        _rtcpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthenticationKey);
        _rtpSalt = (byte[])keys.RtpSalt.Clone();
        _rtcpSalt = (byte[])keys.RtcpSalt.Clone();
    }

    public override int TagLength => Tag80Length;

    /// <summary>Builds the RFC 3711 §4.1.1 AES-CM counter block for one packet.</summary>
    public static void BuildIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        Span<byte> scratch = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(scratch, ssrc);
        scratch.Slice(0, 4).CopyTo(iv.Slice(IvSsrcOffset));
        BinaryPrimitives.WriteUInt64BigEndian(scratch, index);
        scratch.Slice(8 - IndexLength).CopyTo(iv.Slice(IvIndexOffset));
        VectorXor.XorInPlace(iv.Slice(0, salt.Length), salt);
    }

    public override void ProtectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        int authenticatedLength = packet.Length - Tag80Length;
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Apply(iv, packet.Slice(headerLength, authenticatedLength - headerLength));
        ComputeRtpTag(packet.Slice(0, authenticatedLength), Roc(index), packet.Slice(authenticatedLength, Tag80Length));
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        int authenticatedLength = packet.Length - Tag80Length;
        Span<byte> expected = stackalloc byte[Tag80Length];
        ComputeRtpTag(packet.Slice(0, authenticatedLength), Roc(index), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, packet.Slice(authenticatedLength, Tag80Length)))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(_rtpSalt, ssrc, index, iv);
        _rtpCipher.Apply(iv, packet.Slice(headerLength, authenticatedLength - headerLength));
        return true;
    }

    public override void ProtectRtcp(Span<byte> packet, uint ssrc, uint index)
    {
        // RFC 3711 §3.4: header ‖ encrypted portion ‖ E‖SRTCP index ‖ authentication tag.
        int rtcpLength = packet.Length - RtcpTrailerLength;
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        BuildIv(_rtcpSalt, ssrc, index, iv);
        _rtcpCipher.Apply(iv, packet.Slice(RtcpClearHeaderLength, rtcpLength - RtcpClearHeaderLength));
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(rtcpLength), SrtcpEncryptedFlag | index);
        int authenticatedLength = rtcpLength + SrtpProfileParameters.SrtcpIndexLength;
        ComputeRtcpTag(packet.Slice(0, authenticatedLength), packet.Slice(authenticatedLength, Tag80Length));
    }

    public override int GetSrtcpIndexOffset(int protectedLength) => protectedLength - RtcpTrailerLength;

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        int authenticatedLength = packet.Length - Tag80Length;
        Span<byte> expected = stackalloc byte[Tag80Length];
        ComputeRtcpTag(packet.Slice(0, authenticatedLength), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, packet.Slice(authenticatedLength, Tag80Length)))
        {
            return false;
        }

        if (encrypted)
        {
            int rtcpLength = packet.Length - RtcpTrailerLength;
            Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
            BuildIv(_rtcpSalt, ssrc, index, iv);
            _rtcpCipher.Apply(iv, packet.Slice(RtcpClearHeaderLength, rtcpLength - RtcpClearHeaderLength));
        }

        return true;
    }

    public override void Dispose()
    {
        _rtpCipher.Dispose();
        _rtcpCipher.Dispose();
        _rtpHmac.Dispose();
        _rtcpHmac.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    // RFC 3711 §4.2: the ROC is authenticated by appending it (big-endian) to the authenticated portion.
    private static uint Roc(ulong index) => (uint)(index >> 16);

    private void ComputeRtpTag(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> tag)
    {
        Span<byte> rocBytes = stackalloc byte[RocLength];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        _rtpHmac.AppendData(authenticated);
        _rtpHmac.AppendData(rocBytes);
        FinishTag(_rtpHmac, tag);
    }

    private void ComputeRtcpTag(ReadOnlySpan<byte> authenticated, Span<byte> tag)
    {
        _rtcpHmac.AppendData(authenticated);
        FinishTag(_rtcpHmac, tag);
    }

    private static void FinishTag(IncrementalHash hmac, Span<byte> tag)
    {
        Span<byte> mac = stackalloc byte[HmacSha1Length];
        hmac.TryGetHashAndReset(mac, out _);
        mac.Slice(0, Tag80Length).CopyTo(tag);
    }
}
