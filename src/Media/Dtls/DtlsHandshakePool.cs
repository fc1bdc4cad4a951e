using System.Collections.Concurrent;
using Live.Media.Concurrency;
using Prometheus;

namespace Live.Media.Dtls;

/// <summary>
/// Runs DTLS handshakes on a bounded set of worker threads instead of a thread each. BouncyCastle's DTLS engine
/// blocks while it waits for the peer's next flight, so a handshake needs a thread for its duration (a few round
/// trips); a join wave of hundreds of subscribers, or a client opening connections it never finishes, would
/// otherwise create as many threads. Past <see cref="MaxConcurrent"/> handshakes wait in a queue, and the time they
/// wait counts against their own timeout (<see cref="DtlsSession"/>): a queue that cannot drain fails them as
/// timeouts instead of growing without limit.
/// </summary>
public sealed class DtlsHandshakePool : IDisposable
{
    private static readonly Gauge s_running = Metrics.CreateGauge(
        "live_dtls_handshakes_running", "DTLS handshakes being worked on by a handshake worker.");

    private static readonly Gauge s_queued = Metrics.CreateGauge(
        "live_dtls_handshakes_queued", "DTLS handshakes waiting for a free handshake worker.");

    private readonly ConcurrentQueue<Action> _queue = new();
    private readonly SemaphoreSlim _available = new(0);
    private readonly CancellationTokenSource _disposed = new();
    private int _workers;
    private int _idle;
    private int _running;
    private int _peakRunning;

    /// <param name="maxConcurrent">Most handshakes worked on at once, which is also the most threads created.</param>
    public DtlsHandshakePool(int maxConcurrent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        MaxConcurrent = maxConcurrent;
    }

    /// <summary>
    /// Eight per core, at least 8 and at most 128: a handshake is mostly waiting for the network, and its CPU (one
    /// ECDHE and one ECDSA signature, about a millisecond) is what the cores bound.
    /// </summary>
    public static int DefaultMaxConcurrent => Math.Clamp(Environment.ProcessorCount * 8, 8, 128);

    /// <summary>The pool sessions use when none is given (standalone sessions and tests).</summary>
    public static DtlsHandshakePool Shared { get; } = new(DefaultMaxConcurrent);

    public int MaxConcurrent { get; }

    /// <summary>Publishes the pool's gauges at zero (see <see cref="Live.Media.MediaMetrics"/>).</summary>
    internal static void PublishMetrics()
    {
        s_running.Publish();
        s_queued.Publish();
    }

    /// <summary>Worker threads created so far (never more than <see cref="MaxConcurrent"/>).</summary>
    public int WorkerCount => Volatile.Read(ref _workers);

    /// <summary>The most handshakes that ran at the same time since the pool was created.</summary>
    public int PeakRunning => Volatile.Read(ref _peakRunning);

    /// <summary>Handshakes waiting for a worker.</summary>
    public int Queued => _queue.Count;

    /// <summary>Queues <paramref name="handshake"/>; it runs on a worker thread as soon as one is free.</summary>
    internal void Run(Action handshake)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        _queue.Enqueue(handshake);
        s_queued.Inc();
        // More waiting than idle workers to take them: another worker, while under the cap.
        if (_queue.Count > Volatile.Read(ref _idle))
        {
            TryStartWorker();
        }

        _available.Release();
    }

    /// <summary>Lets the workers finish what they run and exit; queued handshakes are dropped.</summary>
    public void Dispose()
    {
        if (ReferenceEquals(this, Shared) || _disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        while (_queue.TryDequeue(out _))
        {
            s_queued.Dec();
        }
    }

    private void TryStartWorker()
    {
        int workers = Volatile.Read(ref _workers);
        while (workers < MaxConcurrent)
        {
            int seen = Interlocked.CompareExchange(ref _workers, workers + 1, workers);
            if (seen == workers)
            {
                new Thread(Work) { IsBackground = true, Name = "dtls-handshake" }.Start();
                return;
            }

            workers = seen;
        }
    }

    private void Work()
    {
        while (true)
        {
            Interlocked.Increment(ref _idle);
            try
            {
                _available.Wait(_disposed.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                Interlocked.Decrement(ref _idle);
            }

            if (!_queue.TryDequeue(out Action? handshake))
            {
                continue; // drained by Dispose
            }

            s_queued.Dec();
            s_running.Inc();
            int running = Interlocked.Increment(ref _running);
            InterlockedMax.Raise(ref _peakRunning, running);
            try
            {
                handshake(); // never throws: DtlsSession turns every failure into a result
            }
            finally
            {
                Interlocked.Decrement(ref _running);
                s_running.Dec();
            }
        }
    }
}
