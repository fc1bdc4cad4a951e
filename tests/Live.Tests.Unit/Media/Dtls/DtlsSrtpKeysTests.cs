using Live.Media.Dtls;

namespace Live.Tests.Unit.Media.Dtls;

public sealed class DtlsSrtpKeysTests
{
    [Theory]
    [InlineData(new[] { 0x0008, 0x0007, 0x0001, 0x0002 }, DtlsSrtpProfile.AeadAes128Gcm)] // Chromium's offer
    [InlineData(new[] { 0x0001, 0x0007 }, DtlsSrtpProfile.AeadAes128Gcm)] // our preference wins over the client's order
    [InlineData(new[] { 0x0002, 0x0001 }, DtlsSrtpProfile.Aes128CmHmacSha1_80)]
    public void TrySelect_SupportedOffered_PicksPreferred(int[] offered, DtlsSrtpProfile expected)
    {
        Assert.True(DtlsSrtpProfiles.TrySelect(offered, out var selected));
        Assert.Equal(expected, selected);
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 0x0002, 0x0008, 0x0005 })]
    public void TrySelect_NothingSupported_ReturnsFalse(int[] offered)
    {
        Assert.False(DtlsSrtpProfiles.TrySelect(offered, out _));
    }

    [Theory]
    [InlineData(DtlsSrtpProfile.Aes128CmHmacSha1_80, 60)] // RFC 5764 §4.2: 2 * (16 + 14)
    [InlineData(DtlsSrtpProfile.AeadAes128Gcm, 56)] // RFC 7714 §12: 2 * (16 + 12)
    public void KeyingMaterialLength_PerProfile_MatchesRfc(DtlsSrtpProfile profile, int expected)
    {
        Assert.Equal(expected, DtlsSrtpProfiles.KeyingMaterialLength(profile));
    }

    [Theory]
    [InlineData(DtlsSrtpProfile.Aes128CmHmacSha1_80, 14)]
    [InlineData(DtlsSrtpProfile.AeadAes128Gcm, 12)]
    public void TryCreate_Rfc5764Layout_SplitsClientServerKeysThenSalts(DtlsSrtpProfile profile, int saltLength)
    {
        // Byte i of the material has value i, so every slice shows where it came from.
        var material = Enumerable.Range(0, 2 * (16 + saltLength)).Select(i => (byte)i).ToArray();
        byte[] Slice(int start, int length) => material[start..(start + length)];
        var clientKey = Slice(0, 16);
        var serverKey = Slice(16, 16);
        var clientSalt = Slice(32, saltLength);
        var serverSalt = Slice(32 + saltLength, saltLength);

        Assert.True(DtlsSrtpKeys.TryCreate(profile, material, isServer: true, out var server));
        Assert.True(DtlsSrtpKeys.TryCreate(profile, material, isServer: false, out var client));

        Assert.Equal(serverKey, server!.LocalMasterKey.ToArray());
        Assert.Equal(serverSalt, server.LocalMasterSalt.ToArray());
        Assert.Equal(clientKey, server.RemoteMasterKey.ToArray());
        Assert.Equal(clientSalt, server.RemoteMasterSalt.ToArray());
        Assert.Equal(clientKey, client!.LocalMasterKey.ToArray());
        Assert.Equal(serverSalt, client.RemoteMasterSalt.ToArray());
        Assert.Equal(profile, server.Profile);
    }

    [Fact]
    public void TryCreate_WrongLengthOrUnknownProfile_ReturnsFalse()
    {
        Assert.False(DtlsSrtpKeys.TryCreate(DtlsSrtpProfile.AeadAes128Gcm, new byte[60], true, out _));
        Assert.False(DtlsSrtpKeys.TryCreate((DtlsSrtpProfile)0x0002, new byte[60], true, out _));
    }
}
