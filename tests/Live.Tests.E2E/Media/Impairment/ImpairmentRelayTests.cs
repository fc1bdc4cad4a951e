using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;
using Xunit.Abstractions;

namespace Live.Tests.E2E.Media.Impairment;

/// <summary>
/// The impairment relay with plain UDP sockets standing in for the browser and the silo: measured rate, loss and
/// delay against the configured ones, the way back, reconfiguration while running, and stopping by itself.
/// </summary>
public sealed class ImpairmentRelayTests(ITestOutputHelper output) : IDisposable
{
    private readonly Socket browser = Bound();
    private readonly Socket silo = Bound();

    [Fact]
    public async Task RateLimit_OneMbps_ThroughputNearOneMbpsAndExcessDropped()
    {
        await using var relay = new ImpairmentRelay(Silo, new ImpairmentSettings { RateBps = 1_000_000, BucketBytes = 5_000, QueueLimitBytes = 30_000 }, TimeSpan.FromSeconds(30));

        // Offer 3 Mbit/s for 3 s: 1000-byte datagrams, 3 every 8 ms.
        Task<List<(long Ticks, int Size)>> sink = ReceiveAllAsync(silo, TimeSpan.FromSeconds(4.5));
        var clock = Stopwatch.StartNew();
        int sent = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(3))
        {
            while (sent < clock.Elapsed.TotalMilliseconds * 3 / 8)
            {
                browser.SendTo(Payload(sent++, 1000), relay.BrowserFacingEndPoint);
            }

            await Task.Delay(1);
        }

        List<(long Ticks, int Size)> got = await sink;
        RelayCounters up = relay.Counters(RelayDirection.Upstream);
        // Throughput from the first to the last datagram received (the queue stays full while the sender runs).
        double seconds = (got[^1].Ticks - got[0].Ticks) / (double)Stopwatch.Frequency;
        double bps = got.Skip(1).Sum(g => g.Size) * 8 / seconds;
        output.WriteLine($"sent {sent}, received {got.Count} over {seconds:F2} s; {up}; throughput {bps / 1e6:F3} Mbit/s");
        Assert.InRange(bps, 800_000, 1_200_000);
        Assert.True(up.DroppedQueueFull > sent / 3, $"only {up.DroppedQueueFull} of {sent} dropped at the full queue");
        Assert.Equal(got.Count, up.Forwarded);
        Assert.Equal(sent, up.Received);
        Assert.Equal(up.Received, up.Forwarded + up.Dropped + QueuedOrInFlight(up));
    }

    [Fact]
    public async Task Loss_TwentyPercent_AboutOneInFiveDropped()
    {
        await using var relay = new ImpairmentRelay(Silo, new ImpairmentSettings { LossPercent = 20, Seed = 5 }, TimeSpan.FromSeconds(30));
        Task<List<(long Ticks, int Size)>> sink = ReceiveAllAsync(silo, TimeSpan.FromSeconds(3));
        const int count = 3000;
        for (int i = 0; i < count; i++)
        {
            browser.SendTo(Payload(i, 200), relay.BrowserFacingEndPoint);
            if (i % 50 == 0)
            {
                await Task.Delay(2);
            }
        }

        List<(long Ticks, int Size)> got = await sink;
        RelayCounters up = relay.Counters(RelayDirection.Upstream);
        double loss = 1 - got.Count / (double)count;
        output.WriteLine($"received {got.Count} of {count} (loss {loss:P1}); {up}");
        Assert.Equal(count, up.Received);
        Assert.InRange(loss, 0.17, 0.23);
        Assert.Equal(up.DroppedLoss, count - got.Count);
    }

    [Fact]
    public async Task Delay_100MsWithJitter_OneWayDelayAsConfigured()
    {
        await using var relay = new ImpairmentRelay(Silo, new ImpairmentSettings { Delay = TimeSpan.FromMilliseconds(100) }, TimeSpan.FromSeconds(30));
        List<double> fixedDelays = await MeasureDelaysAsync(relay, 50);
        relay.Configure(new ImpairmentSettings { Delay = TimeSpan.FromMilliseconds(100), Jitter = TimeSpan.FromMilliseconds(30) });
        List<double> jittered = await MeasureDelaysAsync(relay, 50);

        output.WriteLine($"fixed: {fixedDelays.Min():F1}–{fixedDelays.Max():F1} ms; jittered: {jittered.Min():F1}–{jittered.Max():F1} ms");
        // Never earlier than configured; the median near it (single late datagrams happen on a loaded 2-core machine).
        Assert.All(fixedDelays, d => Assert.True(d >= 99, $"delay {d} ms"));
        Assert.InRange(fixedDelays.Order().ElementAt(fixedDelays.Count / 2), 99, 130);
        Assert.InRange(jittered.Min(), 69, 100);
        Assert.True(jittered.Max() - jittered.Min() > 20, "jitter did not spread the delays");
    }

    [Fact]
    public async Task SiloReply_ReachesLearnedBrowser_AndLiftingTheLimitRaisesThroughput()
    {
        await using var relay = new ImpairmentRelay(Silo, new ImpairmentSettings { RateBps = 200_000, BucketBytes = 2_000, QueueLimitBytes = 100_000 }, TimeSpan.FromSeconds(30));
        browser.SendTo(Payload(0, 100), relay.BrowserFacingEndPoint);
        (byte[] first, EndPoint from) = await ReceiveOneAsync(silo);
        Assert.Equal(relay.SiloFacingEndPoint, from);
        Assert.Equal(browser.LocalEndPoint, relay.Browser);

        // 100 KB back from the silo at 200 kbit/s would take 4 s; in 1 s about 25 KB gets through.
        Task<List<(long Ticks, int Size)>> limited = ReceiveAllAsync(browser, TimeSpan.FromSeconds(1));
        for (int i = 0; i < 100; i++)
        {
            silo.SendTo(Payload(i, 1000), relay.SiloFacingEndPoint);
            if (i % 10 == 9)
            {
                await Task.Delay(2); // bursts of 10: a socket buffer, not the relay, would drop a single 100 KB burst
            }
        }

        int limitedBytes = (await limited).Sum(g => g.Size);
        relay.Configure(ImpairmentSettings.None);
        int restBytes = (await ReceiveAllAsync(browser, TimeSpan.FromSeconds(1))).Sum(g => g.Size);
        output.WriteLine($"first second {limitedBytes} bytes at 200 kbit/s; after lifting the limit {restBytes} more; {relay.Counters(RelayDirection.Downstream)}");
        Assert.Equal(100, first.Length);
        Assert.InRange(limitedBytes, 20_000, 40_000);
        Assert.Equal(100_000, limitedBytes + restBytes);
        Assert.Equal(100, relay.Counters(RelayDirection.Downstream).Forwarded);
    }

    [Fact]
    public async Task Lifetime_Over_StopsForwarding()
    {
        await using var relay = new ImpairmentRelay(Silo, ImpairmentSettings.None, TimeSpan.FromMilliseconds(800));
        browser.SendTo(Payload(0, 100), relay.BrowserFacingEndPoint);
        await ReceiveOneAsync(silo); // forwarding worked while it ran
        await Task.Delay(1500);

        Assert.True(relay.Stopped);
        browser.SendTo(Payload(1, 100), relay.BrowserFacingEndPoint);
        Assert.Empty(await ReceiveAllAsync(silo, TimeSpan.FromMilliseconds(500)));
        Assert.Equal(1, relay.Counters(RelayDirection.Upstream).Forwarded);
    }

    public void Dispose()
    {
        browser.Dispose();
        silo.Dispose();
    }

    private IPEndPoint Silo => (IPEndPoint)silo.LocalEndPoint!;

    private static long QueuedOrInFlight(RelayCounters counters) => counters.Received - counters.Forwarded - counters.Dropped;

    private static Socket Bound()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 4 << 20 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    private static byte[] Payload(int index, int size)
    {
        byte[] data = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(data, index);
        BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(4), Stopwatch.GetTimestamp());
        return data;
    }

    private async Task<List<double>> MeasureDelaysAsync(ImpairmentRelay relay, int count)
    {
        var delays = new List<double>();
        for (int i = 0; i < count; i++)
        {
            browser.SendTo(Payload(i, 100), relay.BrowserFacingEndPoint);
            (byte[] data, _) = await ReceiveOneAsync(silo);
            long sentTicks = BinaryPrimitives.ReadInt64BigEndian(data.AsSpan(4));
            delays.Add((Stopwatch.GetTimestamp() - sentTicks) * 1000.0 / Stopwatch.Frequency);
        }

        return delays;
    }

    private static async Task<(byte[] Data, EndPoint From)> ReceiveOneAsync(Socket socket)
    {
        byte[] buffer = new byte[2048];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        SocketReceiveFromResult result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), timeout.Token);
        return (buffer.AsSpan(0, result.ReceivedBytes).ToArray(), result.RemoteEndPoint);
    }

    private static async Task<List<(long Ticks, int Size)>> ReceiveAllAsync(Socket socket, TimeSpan duration)
    {
        var got = new List<(long, int)>();
        byte[] buffer = new byte[2048];
        using var window = new CancellationTokenSource(duration);
        while (true)
        {
            try
            {
                SocketReceiveFromResult result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), window.Token);
                got.Add((Stopwatch.GetTimestamp(), result.ReceivedBytes));
            }
            catch (OperationCanceledException)
            {
                return got;
            }
        }
    }
}
