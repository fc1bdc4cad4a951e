using Live.Media.Dtls;
using Org.BouncyCastle.Tls;

namespace Live.Tests.Unit.Media.Dtls;

/// <summary>
/// DTLS handshakes on a bounded pool of workers rather than a thread each: a wave of handshakes completes on a few
/// threads, and a handshake that waits for a worker spends its own timeout doing so.
/// </summary>
public sealed class DtlsHandshakePoolTests
{
    private static readonly DtlsCertificate s_serverCertificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));
    private static readonly DtlsCertificate s_clientCertificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));

    [Fact]
    public async Task TwoHundredConcurrentHandshakes_RunOnAtMostTheCapOfThreads_AndAllSucceed()
    {
        const int Handshakes = 200;
        const int Cap = 8;
        using var pool = new DtlsHandshakePool(Cap);
        var loopbacks = Enumerable.Range(0, Handshakes)
            .Select(_ => new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint,
                new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles),
                new DtlsSessionOptions { HandshakeTimeout = TimeSpan.FromSeconds(60) }, pool: pool))
            .ToList();
        try
        {
            var results = await Task.WhenAll(loopbacks.Select(l => l.RunAsync()));

            Assert.All(results, r => Assert.True(r.Server.Succeeded, r.Server.ToString()));
            Assert.All(results, r => Assert.Null(r.ClientError));
            Assert.InRange(pool.WorkerCount, 1, Cap);
            Assert.InRange(pool.PeakRunning, 2, Cap); // the handshakes did overlap: the cap is what bounded them
            Assert.Equal(0, pool.Queued);
        }
        finally
        {
            loopbacks.ForEach(l => l.Dispose());
        }
    }

    [Fact]
    public async Task HandshakeWaitingForABusyWorker_TimesOutOnItsOwnClock_WithoutEverRunning()
    {
        using var pool = new DtlsHandshakePool(1);
        var sent = 0;
        // The only worker is held by a handshake whose peer never speaks, for 5 s.
        using var stalled = new DtlsSession(s_serverCertificate, s_clientCertificate.Fingerprint, _ => { },
            new DtlsSessionOptions { HandshakeTimeout = TimeSpan.FromSeconds(5) }, pool);
        var stalledResult = stalled.HandshakeAsync();
        await WaitUntilAsync(() => pool.PeakRunning == 1);
        using var queued = new DtlsSession(s_serverCertificate, s_clientCertificate.Fingerprint, _ => sent++,
            new DtlsSessionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) }, pool);
        queued.Enqueue(ClientHelloLikeDatagram()); // the browser already spoke: the queued session still must not run

        var started = Environment.TickCount64;
        var result = await queued.HandshakeAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var elapsed = Environment.TickCount64 - started;

        Assert.Equal(DtlsHandshakeFailure.Timeout, result.Failure);
        Assert.InRange(elapsed, 250, 4000); // its own 300 ms, not the 5 s it would wait for the worker
        Assert.False(stalledResult.IsCompleted);
        Assert.Equal(0, sent);
        Assert.True(queued.IsClosed);
        Assert.Equal(DtlsHandshakeFailure.Timeout, (await stalledResult.WaitAsync(TimeSpan.FromSeconds(10))).Failure);
    }

    [Fact]
    public async Task LingeringSessions_HoldNoWorker_TheNextHandshakeRunsOnTheSameThread()
    {
        using var pool = new DtlsHandshakePool(1);
        var options = new DtlsSessionOptions { LingerAfterHandshake = Timeout.InfiniteTimeSpan };
        using var first = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint,
            new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles), options, pool: pool);
        using var second = new DtlsLoopback(s_serverCertificate, s_clientCertificate.Fingerprint,
            new TestDtlsSrtpClient(s_clientCertificate, TestDtlsSrtpClient.ChromiumProfiles), options, pool: pool);

        Assert.True((await first.RunAsync()).Server.Succeeded);
        // With a thread per lingering session, the one worker would now be reading the first session's records forever.
        Assert.True((await second.RunAsync()).Server.Succeeded);

        Assert.Equal(1, pool.WorkerCount);
    }

    [Fact]
    public async Task DisposedPool_NewHandshakeFailsAsCancelled()
    {
        var pool = new DtlsHandshakePool(2);
        pool.Dispose();
        using var session = new DtlsSession(s_serverCertificate, s_clientCertificate.Fingerprint, _ => { }, pool: pool);

        var result = session.HandshakeAsync();

        Assert.True(result.IsCompleted); // at once: nobody is left to run it
        Assert.Equal(DtlsHandshakeFailure.Cancelled, (await result).Failure);
    }

    // A DTLS 1.2 handshake record header (content type 22, version DTLS 1.0 as ClientHellos carry) and some body.
    private static byte[] ClientHelloLikeDatagram() => [22, 0xFE, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (!condition())
        {
            Assert.True(Environment.TickCount64 < deadline, "condition not met within 10 s");
            await Task.Delay(10);
        }
    }
}
