using System.Net;
using System.Net.Sockets;

namespace Live.Tests.E2E.Media.Impairment;

/// <summary>
/// A small UDP relay on 127.0.0.1 that impairs the traffic between one browser and the silo: a token-bucket rate
/// limit with a bounded queue, random loss, delay and jitter, per direction, reconfigurable while it runs. One socket
/// faces the browser (<see cref="BrowserFacingEndPoint"/>; the browser's address is learned from its first datagram),
/// one faces the silo. It stops by itself after <c>lifetime</c>, and every queue in it is bounded.
/// </summary>
/// <remarks>
/// To put it between one browser and the SFU, rewrite the SFU's candidate in that browser's answer SDP before
/// <c>setRemoteDescription</c> (in the test page only): replace the port of <c>a=candidate:… 127.0.0.1 &lt;sfu port&gt; typ
/// host</c> with <see cref="BrowserFacingEndPoint"/>'s port. The browser then sends STUN, DTLS and SRTP to the relay,
/// which sends them on to the SFU from its silo-facing socket; the SFU (ICE-lite) answers to that socket's address,
/// and the relay hands the answers back to the browser. ICE, DTLS and SRTP pass through untouched.
/// </remarks>
public sealed class ImpairmentRelay : IAsyncDisposable
{
    private const int MaxDatagramBytes = 2048;
    private const int ReceiveBufferBytes = 4 << 20;

    private readonly Socket browserSocket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Socket siloSocket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IPEndPoint silo;
    private readonly ImpairedPath upstream = new();
    private readonly ImpairedPath downstream = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Thread pump;
    private readonly Task[] receivers;
    private volatile IPEndPoint? browser;

    /// <summary>Starts a relay to <paramref name="silo"/> that applies <paramref name="settings"/> both ways and stops after <paramref name="lifetime"/>.</summary>
    public ImpairmentRelay(IPEndPoint silo, ImpairmentSettings settings, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(silo);
        this.silo = silo;
        Configure(settings);
        // Bursts larger than the kernel's default buffer would be lost before the relay sees (and counts) them.
        browserSocket.ReceiveBufferSize = siloSocket.ReceiveBufferSize = ReceiveBufferBytes;
        browserSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        siloSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        BrowserFacingEndPoint = (IPEndPoint)browserSocket.LocalEndPoint!;
        SiloFacingEndPoint = (IPEndPoint)siloSocket.LocalEndPoint!;
        stop.CancelAfter(lifetime);
        pump = new Thread(PumpLoop) { IsBackground = true, Name = "impairment-relay" };
        pump.Start();
        receivers = [ReceiveFromBrowserAsync(), ReceiveFromSiloAsync()];
    }

    /// <summary>Where the browser should send (the port to write into its answer SDP's candidate).</summary>
    public IPEndPoint BrowserFacingEndPoint { get; }

    /// <summary>The address the silo sees the browser at.</summary>
    public IPEndPoint SiloFacingEndPoint { get; }

    /// <summary>The browser's address, once its first datagram arrived.</summary>
    public IPEndPoint? Browser => browser;

    /// <summary>True once the relay stopped (lifetime over or disposed).</summary>
    public bool Stopped => stop.IsCancellationRequested;

    /// <summary>Applies <paramref name="settings"/> to both directions from now on (for example to lift a limit).</summary>
    public void Configure(ImpairmentSettings settings)
    {
        upstream.Configure(settings);
        downstream.Configure(settings);
    }

    /// <summary>Applies <paramref name="settings"/> to one direction from now on.</summary>
    public void Configure(RelayDirection direction, ImpairmentSettings settings) => Path(direction).Configure(settings);

    /// <summary>What happened to the datagrams of <paramref name="direction"/> so far.</summary>
    public RelayCounters Counters(RelayDirection direction) => Path(direction).Snapshot();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        browserSocket.Dispose();
        siloSocket.Dispose();
        await Task.WhenAll(receivers).WaitAsync(TimeSpan.FromSeconds(5));
        pump.Join(TimeSpan.FromSeconds(5));
        stop.Dispose();
    }

    private ImpairedPath Path(RelayDirection direction) => direction == RelayDirection.Upstream ? upstream : downstream;

    private async Task ReceiveFromBrowserAsync()
    {
        byte[] buffer = new byte[MaxDatagramBytes];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await browserSocket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop.Token);
            }
            catch (SocketException)
            {
                continue; // an ICMP error surfaced on the socket; the loop ends when the relay stops
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            var from = (IPEndPoint)result.RemoteEndPoint;
            browser ??= from;
            if (!from.Equals(browser))
            {
                upstream.CountDroppedOther();
                continue;
            }

            upstream.Offer(buffer.AsSpan(0, result.ReceivedBytes).ToArray());
        }
    }

    private async Task ReceiveFromSiloAsync()
    {
        byte[] buffer = new byte[MaxDatagramBytes];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await siloSocket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop.Token);
            }
            catch (SocketException)
            {
                continue; // an ICMP error surfaced on the socket; the loop ends when the relay stops
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            if (!result.RemoteEndPoint.Equals(silo) || browser is null)
            {
                downstream.CountDroppedOther();
                continue;
            }

            downstream.Offer(buffer.AsSpan(0, result.ReceivedBytes).ToArray());
        }
    }

    private void PumpLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                upstream.Pump(d => siloSocket.SendTo(d, silo));
                if (browser is { } to)
                {
                    downstream.Pump(d => browserSocket.SendTo(d, to));
                }
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                // The relay is stopping, or the peer's port is gone (ICMP unreachable): nothing to forward to.
            }

            Thread.Sleep(1);
        }
    }
}
