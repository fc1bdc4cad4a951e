using System.Buffers.Binary;
using Live.Media.Dtls;

namespace Live.Tests.Unit.Media.Dtls;

/// <summary>Handshakes over a hostile link: lost flights, junk datagrams, and the peer closing afterwards.</summary>
public sealed class DtlsSessionResilienceTests
{
    // RFC 6347 §4.1: content type (1), version (2), epoch (2) start every DTLS record header.
    private const int ContentTypeOffset = 0;
    private const int EpochOffset = 3;
    private const byte HandshakeContentType = 22;

    private static readonly DtlsCertificate s_serverCertificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));
    private static readonly DtlsCertificate s_clientCertificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));

    [Fact]
    public async Task Handshake_FirstServerFlightDatagramLost_RetransmitsAndCompletes()
    {
        var dropped = 0;
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles);
        // Without a cookie exchange the server's first flight spans several datagrams; the second one is lost once.
        var sent = 0;
        var droppedEpoch = -1;
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client,
            toClient: (datagram, _) =>
            {
                if (Interlocked.Increment(ref sent) != 2)
                    return true;
                droppedEpoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[EpochOffset..]);
                Interlocked.Increment(ref dropped);
                return false;
            });

        var (server, clientError) = await loopback.RunAsync();

        Assert.Equal(1, dropped);
        Assert.Equal(0, droppedEpoch); // a plaintext first-flight record, not the final Finished
        Assert.Null(clientError);
        Assert.True(server.Succeeded, server.ToString());
        DtlsSessionHandshakeTests.AssertMirrored(server.Keys!, client.Keys!, 16, 12);
    }

    [Fact]
    public async Task Handshake_ServerFinishedLost_LingeringSessionAnswersClientRetransmission()
    {
        // Losing our last flight leaves the server done but the client waiting: only the linger loop can resend it.
        var droppedFinished = 0;
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client,
            toClient: (datagram, _) =>
            {
                var isEncryptedHandshake = datagram[ContentTypeOffset] == HandshakeContentType
                    && BinaryPrimitives.ReadUInt16BigEndian(datagram[EpochOffset..]) == 1;
                return !(isEncryptedHandshake && Interlocked.Exchange(ref droppedFinished, 1) == 0);
            });

        var (server, clientError) = await loopback.RunAsync();

        Assert.Equal(1, droppedFinished);
        Assert.True(server.Succeeded, server.ToString());
        Assert.Null(clientError);
        DtlsSessionHandshakeTests.AssertMirrored(server.Keys!, client.Keys!, 16, 12);
    }

    [Fact]
    public async Task Handshake_ServerFinishedLostAndNoLinger_ClientCannotComplete()
    {
        // The counterpart of the test above: it shows the linger loop is what rescues the client.
        var droppedFinished = 0;
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles, handshakeTimeoutMillis: 2500);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client,
            new DtlsSessionOptions { LingerAfterHandshake = TimeSpan.Zero },
            toClient: (datagram, _) =>
            {
                var isEncryptedHandshake = datagram[ContentTypeOffset] == HandshakeContentType
                    && BinaryPrimitives.ReadUInt16BigEndian(datagram[EpochOffset..]) == 1;
                return !(isEncryptedHandshake && Interlocked.Exchange(ref droppedFinished, 1) == 0);
            });

        var (server, clientError) = await loopback.RunAsync();

        Assert.True(server.Succeeded, server.ToString());
        Assert.NotNull(clientError);
        Assert.Null(client.Keys);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Handshake_JunkDatagramsInterleaved_CompletesWithoutThrowing(int seed)
    {
        var random = new Random(seed);
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles);
        var junkSent = 0;
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client,
            toServer: (_, destination) =>
            {
                // Before every real datagram, a few random ones whose first byte still classifies as DTLS (RFC 7983 §7).
                for (var i = 0; i < 3; i++)
                {
                    var junk = new byte[random.Next(1, 200)];
                    random.NextBytes(junk);
                    junk[0] = (byte)random.Next(20, 64);
                    destination.Enqueue(junk);
                    junkSent++;
                }

                return true;
            });
        for (var i = 0; i < 5; i++)
            loopback.Session.Enqueue([(byte)random.Next(20, 64), .. Enumerable.Range(0, 40).Select(_ => (byte)random.Next(256))]);

        var (server, clientError) = await loopback.RunAsync();

        Assert.True(junkSent > 0);
        Assert.True(server.Succeeded, server.ToString());
        Assert.Null(clientError);
        DtlsSessionHandshakeTests.AssertMirrored(server.Keys!, client.Keys!, 16, 12);
    }

    [Fact]
    public async Task Handshake_TruncatedRecordsOnly_FailsCleanlyWithTimeout()
    {
        // Every client datagram loses its tail: nothing valid ever arrives, and the API must still just report a reason.
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles, handshakeTimeoutMillis: 1500);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client,
            new DtlsSessionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(1500) },
            toServer: (datagram, destination) =>
            {
                destination.Enqueue(datagram[..(datagram.Length / 2)]);
                return false;
            });

        var (server, _) = await loopback.RunAsync();

        Assert.Equal(DtlsHandshakeFailure.Timeout, server.Failure);
    }

    [Fact]
    public async Task Session_ClientSendsCloseNotifyAfterHandshake_SessionClosesAndReportsPeerClosed()
    {
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client);
        var (server, _) = await loopback.RunAsync();
        Assert.True(server.Succeeded, server.ToString());
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        loopback.Session.Transport.Closed += () => closed.TrySetResult();

        loopback.ClientDtls!.Close();
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(loopback.Session.IsClosed);
        Assert.True(loopback.Session.PeerClosed);
    }

    [Fact]
    public async Task Session_DisposedAfterHandshake_SendsCloseNotifyToClient()
    {
        var client = new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles);
        using var loopback = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint, client);
        var (server, _) = await loopback.RunAsync();
        Assert.True(server.Succeeded, server.ToString());

        loopback.Session.Dispose();
        var buffer = new byte[1500];
        // BouncyCastle handles the close_notify inside Receive by closing its transport; the next read then fails.
        var read = Task.Run(() => loopback.ClientDtls!.Receive(buffer, 0, buffer.Length, 5000));
        await Assert.ThrowsAsync<IOException>(() => read);

        Assert.True(loopback.ClientTransport.IsClosed);
        Assert.True(loopback.Session.IsClosed);
    }
}
