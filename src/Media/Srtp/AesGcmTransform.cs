using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Live.Media.Srtp;

/// <summary>
/// SRTP_AEAD_AES_128_GCM (RFC 7714): the RTP header (or RTCP header ‖ E‖index) is associated data, the
/// payload is GCM ciphertext, and the 16-octet GCM tag follows. One <see cref="AesGcm"/> per direction and
/// protocol is reused for every packet.
/// </summary>
internal sealed class AesGcmTransform : SrtpTransform
{
    // RFC 7714: AEAD_AES_128_GCM carries a 16-octet tag; §8.1: the IV is 12 octets.
    private const int GcmTagLength = 16;
    private const int IvLength = 12;

    /// <summary>How many packets after a forged tag have their tag checked first: about a second of a busy transport.</summary>
    public const int CheckFirstPackets = 5_000;

    // RFC 7714 §8.1: IV = (0x0000 ‖ SSRC ‖ ROC ‖ SEQ) XOR salt.
    private const int RtpIvSsrcOffset = 2;
    private const int RtpIvRocOffset = 6;
    private const int RtpIvSeqOffset = 10;

    // RFC 7714 §9.1: IV = (0x0000 ‖ SSRC ‖ 0x0000 ‖ 0 ‖ 31-bit SRTCP index) XOR salt.
    private const int RtcpIvSsrcOffset = 2;
    private const int RtcpIvIndexOffset = 8;

    // RFC 7714 §9: with E set the AAD is the 8-octet header followed by the E‖index word.
    private const int RtcpEncryptedAadLength = RtcpClearHeaderLength + SrtpProfileParameters.SrtcpIndexLength;

    private readonly AesGcm _rtpGcm;
    private readonly AesGcm _rtcpGcm;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;

    // After a forged tag, tags are checked before decrypting, so a flood of forgeries costs a comparison each instead
    // of AesGcm's exception (null where the processor lacks PCLMULQDQ). Genuine traffic alone skips the check: AesGcm
    // verifies as it decrypts, and checking twice would roughly double the cost of every genuine packet.
    private readonly GcmTagCheck? _rtpCheck;
    private readonly GcmTagCheck? _rtcpCheck;
    private int _checkFirstFor;

    public AesGcmTransform(SrtpSessionKeys keys)
    {
        _rtpGcm = new AesGcm(keys.RtpEncryptionKey, GcmTagLength);
        _rtcpGcm = new AesGcm(keys.RtcpEncryptionKey, GcmTagLength);
        _rtpSalt = (byte[])keys.RtpSalt.Clone();
        _rtcpSalt = (byte[])keys.RtcpSalt.Clone();
        if (GcmTagCheck.IsSupported)
        {
            _rtpCheck = new GcmTagCheck(keys.RtpEncryptionKey);
            _rtcpCheck = new GcmTagCheck(keys.RtcpEncryptionKey);
        }
    }

    public override int TagLength => GcmTagLength;

    /// <summary>Builds the RFC 7714 §8.1 RTP IV.</summary>
    public static void BuildRtpIv(ReadOnlySpan<byte> salt, uint ssrc, ulong index, Span<byte> iv)
    {
        iv.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(RtpIvSsrcOffset), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(RtpIvRocOffset), (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(iv.Slice(RtpIvSeqOffset), (ushort)index);
        VectorXor.XorInPlace(iv, salt);
    }

    /// <summary>Builds the RFC 7714 §9.1 RTCP IV.</summary>
    public static void BuildRtcpIv(ReadOnlySpan<byte> salt, uint ssrc, uint index, Span<byte> iv)
    {
        iv.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(RtcpIvSsrcOffset), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv.Slice(RtcpIvIndexOffset), index & SrtcpIndexMask);
        VectorXor.XorInPlace(iv, salt);
    }

    public override void ProtectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        BuildRtpIv(_rtpSalt, ssrc, index, iv);
        int payloadEnd = packet.Length - GcmTagLength;
        var payload = packet.Slice(headerLength, payloadEnd - headerLength);
        _rtpGcm.Encrypt(iv, payload, payload, packet.Slice(payloadEnd, GcmTagLength), packet.Slice(0, headerLength));
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[IvLength];
        BuildRtpIv(_rtpSalt, ssrc, index, iv);
        int payloadEnd = packet.Length - GcmTagLength;
        var payload = packet.Slice(headerLength, payloadEnd - headerLength);
        return TryDecrypt(_rtpGcm, _rtpCheck, iv, payload, packet.Slice(payloadEnd, GcmTagLength), packet.Slice(0, headerLength));
    }

    public override void ProtectRtcp(Span<byte> packet, uint ssrc, uint index)
    {
        // RFC 7714 §9: header ‖ ciphertext ‖ tag ‖ E‖SRTCP index.
        int rtcpLength = packet.Length - RtcpTrailerLength;
        uint indexWord = SrtcpEncryptedFlag | index;
        BinaryPrimitives.WriteUInt32BigEndian(packet.Slice(packet.Length - SrtpProfileParameters.SrtcpIndexLength), indexWord);

        Span<byte> aad = stackalloc byte[RtcpEncryptedAadLength];
        packet.Slice(0, RtcpClearHeaderLength).CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad.Slice(RtcpClearHeaderLength), indexWord);

        Span<byte> iv = stackalloc byte[IvLength];
        BuildRtcpIv(_rtcpSalt, ssrc, index, iv);
        var body = packet.Slice(RtcpClearHeaderLength, rtcpLength - RtcpClearHeaderLength);
        _rtcpGcm.Encrypt(iv, body, body, packet.Slice(rtcpLength, GcmTagLength), aad);
    }

    public override int GetSrtcpIndexOffset(int protectedLength) => protectedLength - SrtpProfileParameters.SrtcpIndexLength;

    public override bool UnprotectRtcp(Span<byte> packet, uint ssrc, uint index, bool encrypted)
    {
        int rtcpLength = packet.Length - RtcpTrailerLength;
        var indexWord = packet.Slice(packet.Length - SrtpProfileParameters.SrtcpIndexLength);
        Span<byte> tag = stackalloc byte[GcmTagLength];
        packet.Slice(rtcpLength, GcmTagLength).CopyTo(tag);
        Span<byte> iv = stackalloc byte[IvLength];
        BuildRtcpIv(_rtcpSalt, ssrc, index, iv);

        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[RtcpEncryptedAadLength];
            packet.Slice(0, RtcpClearHeaderLength).CopyTo(aad);
            indexWord.CopyTo(aad.Slice(RtcpClearHeaderLength));
            var body = packet.Slice(RtcpClearHeaderLength, rtcpLength - RtcpClearHeaderLength);
            return TryDecrypt(_rtcpGcm, _rtcpCheck, iv, body, tag, aad);
        }

        // RFC 7714 §9: with E clear the whole packet ‖ E‖index is AAD and nothing is encrypted. Moving the
        // index word over the (already copied) tag makes that AAD contiguous without a scratch buffer.
        indexWord.CopyTo(packet.Slice(rtcpLength));
        var wholeAad = packet.Slice(0, rtcpLength + SrtpProfileParameters.SrtcpIndexLength);
        return TryDecrypt(_rtcpGcm, _rtcpCheck, iv, Span<byte>.Empty, tag, wholeAad);
    }

    public override void Dispose()
    {
        _rtpGcm.Dispose();
        _rtcpGcm.Dispose();
        _rtpCheck?.Dispose();
        _rtcpCheck?.Dispose();
        CryptographicOperations.ZeroMemory(_rtpSalt);
        CryptographicOperations.ZeroMemory(_rtcpSalt);
    }

    private bool TryDecrypt(AesGcm gcm, GcmTagCheck? check, ReadOnlySpan<byte> iv, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        if (check is not null && _checkFirstFor > 0)
        {
            if (!check.Verify(iv, aad, data, tag))
            {
                _checkFirstFor = CheckFirstPackets; // still under attack
                return false;
            }

            _checkFirstFor--;
        }

        try
        {
            gcm.Decrypt(iv, data, tag, data, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            _checkFirstFor = CheckFirstPackets;
            // AesGcm reports a bad tag only by throwing: once per attack, or always without PCLMULQDQ.
            return false;
        }
    }
}
