using Live.Media.Srtp;
using static Live.Tests.Unit.Media.Srtp.SrtpTestPackets;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>
/// The AEAD_AES_128_GCM test vectors of RFC 7714 §16.1 (SRTP) and §17.1 / §17.3 (SRTCP). The RFC states them
/// with the session key and salt given directly, so the contexts here skip key derivation.
/// </summary>
public sealed class Rfc7714AesGcmVectorTests
{
    // RFC 7714 §16: key and salt ("Quid pro quo") shared by all AEAD_AES_128_GCM vectors.
    private const string Key = "000102030405060708090a0b0c0d0e0f";
    private const string Salt = "517569642070726f2071756f";

    // RFC 7714 §16: RTP packet, SEQ 0xf17b, SSRC 0x5501a0b2, payload "Gallia est omnis divisa in partes tres".
    private const string RtpPlain =
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573";

    // RFC 7714 §16.1.1: the encrypted and tagged packet.
    private const string RtpProtected =
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf " +
        "8833899d 7f27beb1 6a9152cf 765ee439 0cce";

    // RFC 7714 §16 / §8.1: the IV for ROC 0, SEQ 0xf17b, SSRC 0x5501a0b2.
    private const string RtpIv = "51753c6580c2726f20718414";

    // RFC 7714 §17: RTCP packet from SSRC "Mars" (0x4d617273) protected with SRTCP index 0x000005d4.
    private const string RtcpPlain =
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef";

    // RFC 7714 §17.1: encrypted (E=1): header ‖ ciphertext ‖ tag ‖ E‖index.
    private const string RtcpProtected =
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded " +
        "0bb9275b c84aa458 96cf4d2f c5abf872 45d9eade 800005d4";

    // RFC 7714 §17.3: tagged only (E=0): packet ‖ tag ‖ E‖index.
    private const string RtcpTaggedOnly =
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef " +
        "841dd968 3dd78ec9 2ae58790 125f62b3 000005d4";

    // RFC 7714 §17 / §9.1: the IV for SSRC 0x4d617273, SRTCP index 0x5d4.
    private const string RtcpIv = "517524055203726f207170bb";

    private const uint RtcpSsrc = 0x4d617273;
    private const uint RtcpIndex = 0x5d4;

    private static SrtpSessionKeys SessionKeys() =>
        SrtpSessionKeys.FromSessionValues(SrtpProfile.AeadAes128Gcm, Hex(Key), [], Hex(Salt));

    [Fact]
    public void RtpIv_Section16Packet_MatchesPublishedIv()
    {
        Span<byte> iv = stackalloc byte[12];

        AesGcmTransform.BuildRtpIv(Hex(Salt), 0x5501a0b2, 0xf17b, iv);

        Assert.Equal(RtpIv, ToHex(iv));
    }

    [Fact]
    public void ProtectRtp_Section16_1_1_MatchesEncryptedAndTaggedPacket()
    {
        using var sender = new SrtpContext(SessionKeys());
        var plain = Hex(RtpPlain);
        var buffer = new byte[plain.Length + sender.RtpOverhead];
        plain.CopyTo(buffer, 0);

        Assert.True(sender.TryProtectRtp(buffer, plain.Length, out int protectedLength, out var error));

        Assert.Equal(SrtpError.None, error);
        Assert.Equal(ToHex(Hex(RtpProtected)), ToHex(buffer.AsSpan(0, protectedLength)));
    }

    [Fact]
    public void UnprotectRtp_Section16_1_2_RecoversPlaintextPacket()
    {
        using var receiver = new SrtpContext(SessionKeys());
        var buffer = Hex(RtpProtected);

        Assert.True(receiver.TryUnprotectRtp(buffer, buffer.Length, out int plainLength, out var error));

        Assert.Equal(SrtpError.None, error);
        Assert.Equal(ToHex(Hex(RtpPlain)), ToHex(buffer.AsSpan(0, plainLength)));
    }

    [Fact]
    public void UnprotectRtp_Section16_1_2WithFlippedTagBit_FailsAuthentication()
    {
        using var receiver = new SrtpContext(SessionKeys());
        var buffer = Hex(RtpProtected);
        buffer[^1] ^= 0x01;

        Assert.False(receiver.TryUnprotectRtp(buffer, buffer.Length, out _, out var error));

        Assert.Equal(SrtpError.AuthFailed, error);
    }

    [Fact]
    public void RtcpIv_Section17Packet_MatchesPublishedIv()
    {
        Span<byte> iv = stackalloc byte[12];

        AesGcmTransform.BuildRtcpIv(Hex(Salt), RtcpSsrc, RtcpIndex, iv);

        Assert.Equal(RtcpIv, ToHex(iv));
    }

    [Fact]
    public void ProtectRtcp_Section17_1WithIndex0x5d4_MatchesEncryptedPacket()
    {
        // The context numbers SRTCP from 0, so the transform is driven directly with the RFC's index.
        using var transform = new AesGcmTransform(SessionKeys());
        var plain = Hex(RtcpPlain);
        var buffer = new byte[plain.Length + transform.RtcpTrailerLength];
        plain.CopyTo(buffer, 0);

        transform.ProtectRtcp(buffer, RtcpSsrc, RtcpIndex);

        Assert.Equal(ToHex(Hex(RtcpProtected)), ToHex(buffer));
    }

    [Fact]
    public void UnprotectRtcp_Section17_1_RecoversPlaintextPacket()
    {
        using var receiver = new SrtpContext(SessionKeys());
        var buffer = Hex(RtcpProtected);

        Assert.True(receiver.TryUnprotectRtcp(buffer, buffer.Length, out int plainLength, out var error));

        Assert.Equal(SrtpError.None, error);
        Assert.Equal(ToHex(Hex(RtcpPlain)), ToHex(buffer.AsSpan(0, plainLength)));
    }

    [Fact]
    public void UnprotectRtcp_Section17_3TaggedOnly_VerifiesAndLeavesPacketInClear()
    {
        using var receiver = new SrtpContext(SessionKeys());
        var buffer = Hex(RtcpTaggedOnly);

        Assert.True(receiver.TryUnprotectRtcp(buffer, buffer.Length, out int plainLength, out var error));

        Assert.Equal(SrtpError.None, error);
        Assert.Equal(ToHex(Hex(RtcpPlain)), ToHex(buffer.AsSpan(0, plainLength)));
    }

    [Fact]
    public void UnprotectRtcp_Section17_3WithFlippedBodyBit_FailsAuthentication()
    {
        using var receiver = new SrtpContext(SessionKeys());
        var buffer = Hex(RtcpTaggedOnly);
        buffer[20] ^= 0x80;

        Assert.False(receiver.TryUnprotectRtcp(buffer, buffer.Length, out _, out var error));

        Assert.Equal(SrtpError.AuthFailed, error);
    }
}
