using System.Diagnostics;
using Live.Media.Dtls;

namespace Live.SfuLoad;

/// <summary>
/// One measured run against one server: publish the clip, attach N subscribers (a few at a time), let the server warm
/// up, then measure a steady window: the server's CPU and RSS from /proc, every packet the subscribers receive, loss
/// from sequence numbers, latency from decrypted samples, and the client's own CPU to show when it was the limit.
/// </summary>
public sealed class LoadRun(LoadOptions options, ISfuSignaling signaling, Action<string> note)
{
    // Longer than a DTLS handshake's own 30 s limit, so a slow handshake ends as a failure rather than a timeout here.
    private static readonly TimeSpan FirstMediaLimit = TimeSpan.FromSeconds(40);

    private readonly SendTimes _sendTimes = new();
    private readonly LatencyRecorder _latency = new();
    private readonly List<(Subscriber Subscriber, PeerTransport Transport)> _subscribers = [];
    private readonly List<string> _failures = [];

    public async Task<Dictionary<string, object?>> RunAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.ConnectTimeoutSeconds + options.Subscribers));
        var ct = timeout.Token;
        // One certificate for every client transport, as one browser profile has: generation is not what is measured.
        var certificate = DtlsCertificate.Generate(TimeSpan.FromDays(1));
        PeerTransport.LimitHandshakes(options.Concurrency);

        await signaling.SetupAsync(ct);
        using var publisher = new Publisher(new PeerTransport(certificate, receiver: null), _sendTimes);
        await signaling.PublishAsync(publisher.Transport, ct);
        await UntilAsync(() => publisher.Transport.ConnectedAt != 0 || publisher.Transport.Failure is not null, ct);
        if (publisher.Transport.Failure is { } failed) throw new InvalidOperationException("publisher: " + failed);
        publisher.Start(options.Clip, Path.Combine(Path.GetTempPath(), $"sfu-load-ffmpeg-{options.Peer}-{Environment.ProcessId}.log"));
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var before = ProcessSample.Of(options.ServerPid);
        note($"publisher connected, {publisher.PacketsSent} packets sent; server RSS {before.RssBytes / 1048576.0:F1} MB before subscribers");

        var rampStarted = Stopwatch.GetTimestamp();
        using var progress = new Timer(_ => note(RampProgress()), null, 5000, 5000);
        await Parallel.ForEachAsync(Enumerable.Range(0, options.Subscribers),
            new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct },
            async (i, token) => await SubscribeAsync(i, certificate, token));
        // Every subscriber is negotiated; those that get no media within the first-media limit count as not connected.
        using (var firstMedia = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            firstMedia.CancelAfter(FirstMediaLimit);
            await UntilAsync(() => _subscribers.All(s => s.Subscriber.FirstRtpAt != 0 || s.Transport.Failure is not null), firstMedia.Token, swallowTimeout: true);
        }

        progress.Change(Timeout.Infinite, Timeout.Infinite);
        var ramp = Stopwatch.GetElapsedTime(rampStarted).TotalSeconds;
        int receiving = _subscribers.Count(s => s.Subscriber.FirstRtpAt != 0);
        note($"{receiving}/{options.Subscribers} subscribers receive RTP after {ramp:F1} s; warming up {options.WarmupSeconds} s");
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));

        var window = await MeasureWindowAsync();
        return RunFigures.From(options, signaling.Describe, window, before, ramp, _subscribers, _latency, publisher, _failures);
    }

    private string RampProgress()
    {
        (Subscriber Subscriber, PeerTransport Transport)[] all;
        lock (_subscribers) all = [.. _subscribers];
        return $"ramp: {all.Length} started, {all.Count(s => s.Transport.IceSucceeded)} ICE, {all.Count(s => s.Transport.ConnectedAt != 0)} DTLS, " +
               $"{all.Count(s => s.Subscriber.FirstRtpAt != 0)} receiving, {_failures.Count + all.Count(s => s.Transport.Failure is not null)} failed";
    }

    private async Task SubscribeAsync(int index, DtlsCertificate certificate, CancellationToken ct)
    {
        var subscriber = new Subscriber(options.DecryptOneIn, _sendTimes, _latency) { StartedAt = Stopwatch.GetTimestamp() };
        var transport = new PeerTransport(certificate, subscriber);
        lock (_subscribers) _subscribers.Add((subscriber, transport));
        try
        {
            await signaling.SubscribeAsync(index, transport, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            lock (_failures) _failures.Add($"subscriber {index}: {e.Message}");
        }
    }

    private async Task<WindowSample> MeasureWindowAsync()
    {
        var alloc = options.Peer == "live" ? new AllocationCounter(options.Url, options.ApiKey ?? "") : null;
        // prometheus-net publishes the runtime's event counters only after its first scrape asked for them.
        if (alloc is not null && await alloc.ReadAsync() is null) await Task.Delay(TimeSpan.FromSeconds(2));
        var start = WindowSample.Counters.Take(_subscribers, options.ServerPid, await (alloc?.ReadAsync() ?? Task.FromResult<double?>(null)));
        _latency.Recording = true;
        await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
        _latency.Recording = false;
        var end = WindowSample.Counters.Take(_subscribers, options.ServerPid, await (alloc?.ReadAsync() ?? Task.FromResult<double?>(null)));
        if (alloc is not null) note($"gateway {AllocationCounter.Metric}: {start.AllocatedBytes} → {end.AllocatedBytes} bytes");
        return new WindowSample(start, end);
    }

    private static async Task UntilAsync(Func<bool> done, CancellationToken ct, bool swallowTimeout = false)
    {
        try
        {
            while (!done()) await Task.Delay(50, ct);
        }
        catch (OperationCanceledException) when (swallowTimeout) { }
    }
}
