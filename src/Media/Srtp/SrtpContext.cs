namespace Live.Media.Srtp;

/// <summary>
/// One direction of an SRTP session: protects what this endpoint sends, or unprotects what it receives, for
/// any number of SSRCs under one master key. Works in place and allocates nothing per packet once an SSRC
/// has been seen. Not thread-safe: give each transport's send path and receive path its own context.
/// </summary>
public sealed partial class SrtpContext : IDisposable
{
    /// <summary>Default replay window width, in packets (RFC 3711 §3.3.2 asks for at least 64).</summary>
    public const int DefaultReplayWindowSize = SrtpReplayWindow.MaxSize;

    /// <summary>Default bound on tracked SSRCs, so that a peer cannot grow state without limit.</summary>
    public const int DefaultMaxStreams = 1024;

    private readonly SrtpTransform _transform;
    private readonly Dictionary<uint, SrtpStreamState> _streams = new();
    private readonly int _replayWindowSize;
    private readonly int _maxStreams;
    private bool _disposed;

    /// <summary>Derives the session keys from <paramref name="masterKey"/> (RFC 3711 §4.3, kdr 0).</summary>
    /// <param name="masterKey">This direction's master key and salt; its profile selects the transform.</param>
    /// <param name="replayWindowSize">Replay window width, 64 to 128 packets.</param>
    /// <param name="maxStreams">Most SSRCs tracked at once; further SSRCs fail with <see cref="SrtpError.StreamLimitReached"/>.</param>
    public SrtpContext(SrtpMasterKey masterKey, int replayWindowSize = DefaultReplayWindowSize, int maxStreams = DefaultMaxStreams)
        : this(SrtpSessionKeys.Derive(masterKey), replayWindowSize, maxStreams)
    {
    }

    internal SrtpContext(SrtpSessionKeys sessionKeys, int replayWindowSize = DefaultReplayWindowSize, int maxStreams = DefaultMaxStreams)
    {
        // RFC 3711 §3.3.2: the replay list must cover at least 64 packets.
        ArgumentOutOfRangeException.ThrowIfLessThan(replayWindowSize, 64);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replayWindowSize, SrtpReplayWindow.MaxSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);
        Profile = sessionKeys.Profile;
        _transform = SrtpTransform.Create(sessionKeys);
        _replayWindowSize = replayWindowSize;
        _maxStreams = maxStreams;
    }

    /// <summary>The protection profile in use.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>Octets protection adds to an RTP packet; the caller's buffer needs this much spare room.</summary>
    public int RtpOverhead => _transform.TagLength;

    /// <summary>Octets protection adds to an RTCP packet (E‖index word plus tag).</summary>
    public int RtcpOverhead => _transform.RtcpTrailerLength;

    /// <summary>Number of SSRCs this context holds state for.</summary>
    public int StreamCount => _streams.Count;

    /// <summary>The current rollover counter of <paramref name="ssrc"/>, for diagnostics and tests.</summary>
    public bool TryGetRolloverCounter(uint ssrc, out uint rolloverCounter)
    {
        if (_streams.TryGetValue(ssrc, out var state) && state.HasRtp)
        {
            rolloverCounter = state.RolloverCounter;
            return true;
        }

        rolloverCounter = 0;
        return false;
    }

    /// <summary>Forgets an SSRC's state (its producer or consumer closed).</summary>
    public bool RemoveStream(uint ssrc) => _streams.Remove(ssrc);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _transform.Dispose();
        _streams.Clear();
    }

    private bool TryGetOrAddStream(uint ssrc, out SrtpStreamState state)
    {
        if (_streams.TryGetValue(ssrc, out var existing))
        {
            state = existing;
            return true;
        }

        if (_streams.Count >= _maxStreams)
        {
            state = null!;
            return false;
        }

        state = new SrtpStreamState();
        _streams.Add(ssrc, state);
        return true;
    }

    private static bool Fail(SrtpError reason, out SrtpError error, out int length)
    {
        error = reason;
        length = 0;
        return false;
    }

    private static bool Succeed(int resultLength, out SrtpError error, out int length)
    {
        error = SrtpError.None;
        length = resultLength;
        return true;
    }
}
