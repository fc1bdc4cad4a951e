namespace Live.Media.Sfu;

/// <summary>
/// The threads a server's recording writers may block on the disk with at once. Each recorded track has a writer that
/// waits in the file system while the disk is slow; unbounded, a stalled recordings volume with hundreds of tracks
/// would pin as many thread-pool threads, and the pool's starvation handling would slow Orleans, the DTLS pool and
/// every timer on the silo. Past the cap, writers wait their turn without a thread while their tracks' bounded queues
/// fill (drops counted, the recording reported degraded): the same outcome for those tracks, without the cost to
/// everything else.
/// </summary>
/// <remarks>
/// A gate around each stretch of disk work rather than a bounded task scheduler: a writer awaiting its queue on a
/// custom scheduler would make the packet path allocate a task to wake it, and the packet path allocates nothing.
/// </remarks>
public sealed class RecordingWriters
{
    private readonly SemaphoreSlim _gate;

    public RecordingWriters(int maxConcurrent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrent, 1);
        MaxConcurrent = maxConcurrent;
        _gate = new SemaphoreSlim(maxConcurrent, maxConcurrent);
    }

    /// <summary>The default: the core count, at least 2.</summary>
    public static int DefaultMaxConcurrent => Math.Max(2, Environment.ProcessorCount);

    public int MaxConcurrent { get; }

    /// <summary>Waits, without a thread, for a turn at the disk; every call is paired with <see cref="Exit"/>.</summary>
    public Task EnterAsync() => _gate.WaitAsync();

    public void Exit() => _gate.Release();
}
