using Live.Media.Srtp;
using static Live.Tests.Unit.Media.Srtp.SrtpTestPackets;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>RFC 5764 §4.2 splitting of exported keying material, and the two-direction <see cref="SrtpSession"/>.</summary>
public sealed class SrtpKeyingMaterialTests
{
    private static byte[] Material(SrtpProfile profile)
    {
        var material = new byte[SrtpProfileParameters.For(profile).ExportedKeyingMaterialLength];
        for (int i = 0; i < material.Length; i++)
        {
            material[i] = (byte)i;
        }

        return material;
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 16, 14)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 16, 12)]
    public void TrySplit_Client_LocalIsClientKeyAndSaltRemoteIsServers(SrtpProfile profile, int keyLength, int saltLength)
    {
        var material = Material(profile);

        Assert.True(SrtpKeyingMaterial.TrySplit(profile, material, isDtlsClient: true, out var local, out var remote));

        // client_key ‖ server_key ‖ client_salt ‖ server_salt
        Assert.Equal(material.AsSpan(0, keyLength).ToArray(), local.Key.ToArray());
        Assert.Equal(material.AsSpan(keyLength, keyLength).ToArray(), remote.Key.ToArray());
        Assert.Equal(material.AsSpan(2 * keyLength, saltLength).ToArray(), local.Salt.ToArray());
        Assert.Equal(material.AsSpan(2 * keyLength + saltLength, saltLength).ToArray(), remote.Salt.ToArray());
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void TrySplit_Server_IsTheClientSplitSwapped(SrtpProfile profile)
    {
        var material = Material(profile);
        Assert.True(SrtpKeyingMaterial.TrySplit(profile, material, isDtlsClient: true, out var clientLocal, out var clientRemote));

        Assert.True(SrtpKeyingMaterial.TrySplit(profile, material, isDtlsClient: false, out var serverLocal, out var serverRemote));

        Assert.Equal(clientLocal.Key.ToArray(), serverRemote.Key.ToArray());
        Assert.Equal(clientLocal.Salt.ToArray(), serverRemote.Salt.ToArray());
        Assert.Equal(clientRemote.Key.ToArray(), serverLocal.Key.ToArray());
        Assert.Equal(clientRemote.Salt.ToArray(), serverLocal.Salt.ToArray());
    }

    [Theory]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 59)]
    [InlineData(SrtpProfile.AesCm128HmacSha1_80, 61)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 60)]
    [InlineData((SrtpProfile)0x0002, 60)]
    public void TrySplit_WrongLengthOrProfile_ReturnsFalse(SrtpProfile profile, int length)
    {
        Assert.False(SrtpKeyingMaterial.TrySplit(profile, new byte[length], isDtlsClient: true, out var local, out var remote));

        Assert.Null(local);
        Assert.Null(remote);
    }

    [Theory]
    [MemberData(nameof(AllProfiles), MemberType = typeof(SrtpTestPackets))]
    public void Session_ClientAndServer_EachDecryptsWhatTheOtherSendsButNotItsOwn(SrtpProfile profile)
    {
        var material = Material(profile);
        Assert.True(SrtpSession.TryCreate(profile, material, isDtlsClient: true, out var client));
        Assert.True(SrtpSession.TryCreate(profile, material, isDtlsClient: false, out var server));
        using (client)
        using (server)
        {
            var toServer = BuildRtp(10, 1, 30, out int length);
            Assert.True(client.Outbound.TryProtectRtp(toServer, length, out int protectedLength));
            var echo = toServer.AsSpan(0, protectedLength).ToArray();
            Assert.False(client.Inbound.TryUnprotectRtp(echo, echo.Length, out _, out var ownError));
            Assert.Equal(SrtpError.AuthFailed, ownError);
            Assert.True(server.Inbound.TryUnprotectRtp(toServer, protectedLength, out _));

            var toClient = BuildRtcp(2, 24, out int rtcpLength);
            Assert.True(server.Outbound.TryProtectRtcp(toClient, rtcpLength, out int srtcpLength));
            Assert.True(client.Inbound.TryUnprotectRtcp(toClient, srtcpLength, out _));
        }
    }

    [Fact]
    public void MasterKey_WrongSaltLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SrtpMasterKey(SrtpProfile.AeadAes128Gcm, new byte[16], new byte[14]));
    }
}
