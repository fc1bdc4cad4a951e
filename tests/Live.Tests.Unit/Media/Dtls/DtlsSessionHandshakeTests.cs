using Live.Media.Dtls;
using Org.BouncyCastle.Tls;

namespace Live.Tests.Unit.Media.Dtls;

/// <summary>Real DTLS 1.2 handshakes between <see cref="DtlsSession"/> and a BouncyCastle client, in memory.</summary>
public sealed class DtlsSessionHandshakeTests
{
    private static readonly DtlsCertificate s_serverCertificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));
    private static readonly DtlsCertificate s_clientCertificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));

    [Fact]
    public async Task Handshake_ClientOffersChromiumProfiles_SelectsAes128GcmAndBothEndsDeriveSameKeys()
    {
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client);

        var (server, clientError) = await loopback.RunAsync();

        Assert.Null(clientError);
        Assert.True(server.Succeeded, server.ToString());
        Assert.Equal(DtlsSrtpProfile.AeadAes128Gcm, server.Keys!.Profile);
        Assert.Equal(SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM, client.SelectedProfile);
        AssertMirrored(server.Keys, client.Keys!, keyLength: 16, saltLength: 12);
    }

    [Fact]
    public async Task Handshake_ClientOffersOnlyCm80_SelectsCm80WithFourteenByteSalts()
    {
        var client = new TestDtlsSrtpClient(s_clientCertificate, [SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80]);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client);

        var (server, clientError) = await loopback.RunAsync();

        Assert.Null(clientError);
        Assert.True(server.Succeeded, server.ToString());
        Assert.Equal(DtlsSrtpProfile.Aes128CmHmacSha1_80, server.Keys!.Profile);
        AssertMirrored(server.Keys, client.Keys!, keyLength: 16, saltLength: 14);
    }

    [Fact]
    public async Task Handshake_Succeeds_ClientSeesCertificateMatchingOurFingerprintWithEmsAndEcdsaGcm()
    {
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client);

        var (server, _) = await loopback.RunAsync();

        Assert.True(server.Succeeded, server.ToString());
        Assert.True(s_serverCertificate.Fingerprint.Matches(client.ServerCertificateDer));
        Assert.True(client.UsedExtendedMasterSecret);
        Assert.Equal(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, client.NegotiatedCipherSuite);
    }

    [Fact]
    public async Task Handshake_TwoSessions_ExportDifferentKeys()
    {
        var first = await RunSuccessfulAsync();
        var second = await RunSuccessfulAsync();

        Assert.False(first.RemoteMasterKey.Span.SequenceEqual(second.RemoteMasterKey.Span));
        Assert.False(first.LocalMasterKey.Span.SequenceEqual(second.LocalMasterKey.Span));
    }

    [Fact]
    public async Task Handshake_ClientCertificateDoesNotMatchSdpFingerprint_FailsWithFingerprintMismatch()
    {
        var impostor = DtlsCertificate.Generate(TimeSpan.FromDays(1));
        var client = new TestDtlsSrtpClient(impostor, TestDtlsSrtpClient.ChromiumProfiles);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client);

        var (server, clientError) = await loopback.RunAsync();

        Assert.Equal(DtlsHandshakeFailure.FingerprintMismatch, server.Failure);
        Assert.Equal(AlertDescription.bad_certificate, server.AlertDescription);
        Assert.Contains(s_clientCertificate.Fingerprint.ToString(), server.Detail);
        Assert.Contains(impostor.Fingerprint.ToString(), server.Detail);
        Assert.Null(client.Keys);
        Assert.NotNull(clientError);
    }

    [Fact]
    public async Task Handshake_ClientSendsNoCertificate_FailsWithClientCertificateMissing()
    {
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles, sendCertificate: false);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client);

        var (server, clientError) = await loopback.RunAsync();

        Assert.Equal(DtlsHandshakeFailure.ClientCertificateMissing, server.Failure);
        Assert.NotNull(clientError);
    }

    [Fact]
    public async Task Handshake_ClientOmitsUseSrtp_FailsWithNoCommonSrtpProfile()
    {
        var client = new TestDtlsSrtpClient(s_clientCertificate, srtpProfiles: null);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client);

        var (server, clientError) = await loopback.RunAsync();

        Assert.Equal(DtlsHandshakeFailure.NoCommonSrtpProfile, server.Failure);
        Assert.Contains("use_srtp", server.Detail);
        Assert.Equal(AlertDescription.handshake_failure, (clientError as TlsFatalAlertReceived)?.AlertDescription);
    }

    [Fact]
    public async Task Handshake_ClientOffersOnlyUnsupportedProfiles_FailsWithNoCommonSrtpProfile()
    {
        int[] offered = [SrtpProtectionProfile.SRTP_AEAD_AES_256_GCM, SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32];
        var client = new TestDtlsSrtpClient(s_clientCertificate, offered);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client);

        var (server, clientError) = await loopback.RunAsync();

        Assert.Equal(DtlsHandshakeFailure.NoCommonSrtpProfile, server.Failure);
        Assert.Contains("0x0008", server.Detail);
        Assert.NotNull(clientError);
    }

    [Fact]
    public async Task Handshake_PeerNeverAnswers_FailsWithTimeout()
    {
        var sent = 0;
        using var session = new DtlsSession(s_serverCertificate, s_clientCertificate.Fingerprint, _ => sent++,
            new DtlsSessionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });

        var result = await session.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DtlsHandshakeFailure.Timeout, result.Failure);
        Assert.Equal(0, sent); // a server never speaks before a ClientHello
        Assert.True(session.IsClosed);
    }

    [Fact]
    public async Task Handshake_PeerGoesSilentAfterClientHello_FailsWithTimeout()
    {
        var delivered = 0;
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client,
            new DtlsSessionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(1500) },
            toServer: (_, _) => Interlocked.Increment(ref delivered) <= 1);

        var (server, _) = await loopback.RunAsync();

        Assert.Equal(DtlsHandshakeFailure.Timeout, server.Failure);
    }

    [Fact]
    public async Task Handshake_DisposedWhileWaiting_FailsWithCancelled()
    {
        var session = new DtlsSession(s_serverCertificate, s_clientCertificate.Fingerprint, _ => { });
        var handshake = session.HandshakeAsync();

        session.Dispose();
        var result = await handshake.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DtlsHandshakeFailure.Cancelled, result.Failure);
    }

    [Fact]
    public async Task Handshake_TokenCancelled_FailsWithCancelled()
    {
        using var session = new DtlsSession(s_serverCertificate, s_clientCertificate.Fingerprint, _ => { });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var result = await session.HandshakeAsync(cts.Token).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(DtlsHandshakeFailure.Cancelled, result.Failure);
    }

    [Fact]
    public async Task HandshakeAsync_CalledTwice_ReturnsSameOutcome()
    {
        using var session = new DtlsSession(s_serverCertificate, s_clientCertificate.Fingerprint, _ => { },
            new DtlsSessionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(100) });

        var first = session.HandshakeAsync();
        var second = session.HandshakeAsync();

        Assert.Same(first, second);
        Assert.Equal(DtlsHandshakeFailure.Timeout, (await first.WaitAsync(TimeSpan.FromSeconds(10))).Failure);
    }

    internal static void AssertMirrored(DtlsSrtpKeys server, DtlsSrtpKeys client, int keyLength, int saltLength)
    {
        Assert.Equal(server.Profile, client.Profile);
        Assert.Equal(keyLength, server.LocalMasterKey.Length);
        Assert.Equal(keyLength, server.RemoteMasterKey.Length);
        Assert.Equal(saltLength, server.LocalMasterSalt.Length);
        Assert.Equal(saltLength, server.RemoteMasterSalt.Length);
        Assert.Equal(client.LocalMasterKey.ToArray(), server.RemoteMasterKey.ToArray());
        Assert.Equal(client.LocalMasterSalt.ToArray(), server.RemoteMasterSalt.ToArray());
        Assert.Equal(client.RemoteMasterKey.ToArray(), server.LocalMasterKey.ToArray());
        Assert.Equal(client.RemoteMasterSalt.ToArray(), server.LocalMasterSalt.ToArray());
        Assert.False(server.LocalMasterKey.Span.SequenceEqual(server.RemoteMasterKey.Span));
    }

    private static async Task<DtlsSrtpKeys> RunSuccessfulAsync()
    {
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client);
        var (server, _) = await loopback.RunAsync();
        Assert.True(server.Succeeded, server.ToString());
        return server.Keys!;
    }
}
