using Live.Media.Srtp;
using static Live.Tests.Unit.Media.Srtp.SrtpTestPackets;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>The test vectors of RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation).</summary>
public sealed class Rfc3711SrtpVectorTests
{
    // RFC 3711 Appendix B.2: session key, session salt; SSRC, ROC and SEQ are all zero.
    private const string B2SessionKey = "2B7E151628AED2A6ABF7158809CF4F3C";
    private const string B2SessionSalt = "F0F1F2F3F4F5F6F7F8F9FAFBFCFD";
    private const string B2Iv = "F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000";

    // RFC 3711 Appendix B.3: master key and salt, packet index 0, kdr 0.
    private const string B3MasterKey = "E1F97A0D3E018BE0D64FA32C06DE4139";
    private const string B3MasterSalt = "0EC675AD498AFEEBB6960B3AABE6";
    private const string B3CipherKey = "C61E7A93744F39EE10734AFE3FF7A087";
    private const string B3CipherSalt = "30CBBC08863D8C85D49DB34A9AE1";

    // RFC 3711 Appendix B.3 prints 94 octets of auth key; HMAC-SHA1 uses the first 160 bits (§4.3.3, n_a = 160).
    private const string B3AuthKeyFirst20 = "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4";

    [Fact]
    public void AesCmIv_AppendixB2InputsWithZeroSsrcAndIndex_IsSaltShiftedBy16Bits()
    {
        Span<byte> iv = stackalloc byte[16];

        AesCmHmacSha1Transform.BuildIv(Hex(B2SessionSalt), ssrc: 0, index: 0, iv);

        Assert.Equal(B2Iv, Convert.ToHexString(iv));
    }

    [Theory]
    [InlineData(0x0000, "E03EAD0935C95E80E166B16DD92B4EB4")]
    [InlineData(0x0001, "D23513162B02D0F72A43A2FE4A5F97AB")]
    [InlineData(0x0002, "41E95B3BB0A2E8DD477901E4FCA894C0")]
    [InlineData(0xFEFF, "EC8CDF7398607CB0F2D21675EA9EA1E4")]
    [InlineData(0xFF00, "362B7C3C6773516318A077D7FC5073AE")]
    [InlineData(0xFF01, "6A2CC3787889374FBEB4C81B17BA6C44")]
    public void AesCmKeystream_AppendixB2_MatchesPublishedBlock(int counter, string expectedBlock)
    {
        // RFC 3711 Appendix B.2 lists keystream blocks for counters ...0000 to ...FF01 of one long keystream.
        using var aesCm = new AesCounterMode(Hex(B2SessionKey));
        var keystream = new byte[(counter + 1) * AesCounterMode.BlockSize];

        aesCm.GenerateKeystream(Hex(B2Iv), keystream);

        Assert.Equal(expectedBlock, Convert.ToHexString(keystream.AsSpan(counter * AesCounterMode.BlockSize, AesCounterMode.BlockSize)));
    }

    [Theory]
    [InlineData(SrtpKeyDerivation.SrtpEncryptionLabel, B3CipherKey)]
    [InlineData(SrtpKeyDerivation.SrtpSaltLabel, B3CipherSalt)]
    [InlineData(SrtpKeyDerivation.SrtpAuthenticationLabel, B3AuthKeyFirst20)]
    public void KeyDerivation_AppendixB3_MatchesPublishedValue(byte label, string expected)
    {
        var output = new byte[expected.Length / 2];

        SrtpKeyDerivation.Derive(Hex(B3MasterKey), Hex(B3MasterSalt), label, output);

        Assert.Equal(expected, Convert.ToHexString(output));
    }

    [Fact]
    public void SessionKeys_AppendixB3Master_DeriveAllThreeSrtpValuesAndDistinctSrtcpValues()
    {
        var master = new SrtpMasterKey(SrtpProfile.AesCm128HmacSha1_80, Hex(B3MasterKey), Hex(B3MasterSalt));

        var keys = SrtpSessionKeys.Derive(master);

        Assert.Equal(B3CipherKey, Convert.ToHexString(keys.RtpEncryptionKey));
        Assert.Equal(B3CipherSalt, Convert.ToHexString(keys.RtpSalt));
        Assert.Equal(B3AuthKeyFirst20, Convert.ToHexString(keys.RtpAuthenticationKey));

        // RFC 3711 §4.3.2: SRTCP uses labels 3..5, so its keys must differ from SRTP's.
        Assert.NotEqual(keys.RtpEncryptionKey, keys.RtcpEncryptionKey);
        Assert.NotEqual(keys.RtpAuthenticationKey, keys.RtcpAuthenticationKey);
        Assert.NotEqual(keys.RtpSalt, keys.RtcpSalt);
        Assert.Equal(16, keys.RtcpEncryptionKey.Length);
        Assert.Equal(20, keys.RtcpAuthenticationKey.Length);
        Assert.Equal(14, keys.RtcpSalt.Length);
    }
}
