namespace Live.Media.Recording;

/// <summary>
/// Writes one track (VP8 video or Opus audio) to a WebM file as frames arrive. The Segment starts with an unknown size
/// and each Cluster is written and flushed whole when it closes, so a process killed mid-recording leaves a file that
/// plays up to the last flushed Cluster. <see cref="Close"/> then appends Cues and seeks back to fill in the Segment
/// size, the Duration and a SeekHead, which makes the file seekable. I/O errors never escape: the writer moves to
/// <see cref="WebmWriterState.Failed"/> with a reason. Not thread-safe: <see cref="TrackRecorder"/> serializes calls.
/// </summary>
public sealed partial class WebmWriter : IDisposable
{
    /// <summary>
    /// A Cluster is closed (written and flushed) after this long even without a keyframe, bounding what a kill -9 can
    /// lose. Browsers send VP8 keyframes rarely, so without it a crash could lose a whole long stretch of video.
    /// </summary>
    public const long MaxClusterDurationMs = 2000;

    private const long MaxFrameDurationMs = 1000;

    // RFC 9559 §10.2: SimpleBlock = track number VINT, int16 timestamp relative to the Cluster, flags, frame.
    private const byte TrackNumberVint = 0x81;
    private const int SimpleBlockHeaderSize = 4;
    private const byte KeyFrameFlag = 0x80;
    private const int InitialClusterCapacity = 256 * 1024;

    private readonly Stream? _stream;
    private readonly bool _ownsStream;
    private readonly long _origin;
    private readonly EbmlBuffer _cluster = new(InitialClusterCapacity);
    private readonly List<(long TimestampMs, long ClusterPosition)> _cues = [];
    private bool _clusterOpen;
    private int _clusterSizeOffset;
    private long _clusterTimestamp;
    private long _lastTimestamp = -1;
    private long _lastFrameDuration;

    /// <summary>Creates a writer over <paramref name="stream"/>; seeking is needed only to finalize on close.</summary>
    public WebmWriter(Stream stream, RecordingCodec codec, bool ownsStream = true)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _ownsStream = ownsStream;
        Codec = codec;
        try
        {
            _origin = stream.CanSeek ? stream.Position : 0;
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            Fail(e);
        }
    }

    private WebmWriter(RecordingCodec codec, string failureReason)
    {
        Codec = codec;
        State = WebmWriterState.Failed;
        FailureReason = failureReason;
    }

    /// <summary>The codec of the single track.</summary>
    public RecordingCodec Codec { get; }

    /// <summary>Open, closed or failed.</summary>
    public WebmWriterState State { get; private set; }

    /// <summary>Why the writer failed (exception type and message), or null.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Bytes written to the stream so far (flushed Clusters, headers, Cues).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Frames accepted (those in the open Cluster are not on disk yet).</summary>
    public long FramesWritten { get; private set; }

    /// <summary>The video size from the first keyframe, or null for audio / before it.</summary>
    public Vp8KeyFrameHeader? VideoSize { get; private set; }

    /// <summary>The end of the last frame in ms (its start plus the previous frame interval), i.e. the track duration so far.</summary>
    public long DurationMs => _lastTimestamp < 0 ? 0 : _lastTimestamp + _lastFrameDuration;

    /// <summary>Opens (truncating) <paramref name="path"/>; a failure to open yields a writer already in the failed state.</summary>
    public static WebmWriter Create(string path, RecordingCodec codec) => Create(path, codec, OpenFile);

    /// <summary>
    /// Opens <paramref name="path"/> through <paramref name="open"/> (tests put a stream of their own between the writer
    /// and the disk); a failure to open yields a writer already in the failed state.
    /// </summary>
    public static WebmWriter Create(string path, RecordingCodec codec, Func<string, Stream> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        try
        {
            return new WebmWriter(open(path), codec);
        }
        catch (Exception e) when (IsIoFailure(e) || e is ArgumentException)
        {
            return new WebmWriter(codec, Describe(e));
        }
    }

    /// <summary>
    /// Adds a frame at <paramref name="timestampMs"/> (track time, non-decreasing; earlier values are clamped). Video
    /// frames before the first keyframe are refused since nothing could decode them. False when refused or failed.
    /// </summary>
    public bool WriteFrame(ReadOnlySpan<byte> frame, long timestampMs, bool isKeyFrame)
    {
        if (State != WebmWriterState.Open || frame.IsEmpty)
        {
            return false;
        }

        try
        {
            if (BytesWritten == 0 && !TryWriteHeader(frame, isKeyFrame))
            {
                return false;
            }

            long timestamp = Math.Max(timestampMs, Math.Max(_lastTimestamp, 0));
            if (NeedsNewCluster(timestamp, isKeyFrame))
            {
                FlushCluster();
                OpenCluster(timestamp, isKeyFrame);
            }

            AppendSimpleBlock(frame, timestamp, isKeyFrame);
            // The previous interval stands for the last frame's length; a jump over a second is a gap, not a frame.
            if (_lastTimestamp >= 0 && timestamp > _lastTimestamp && timestamp - _lastTimestamp <= MaxFrameDurationMs)
            {
                _lastFrameDuration = timestamp - _lastTimestamp;
            }

            _lastTimestamp = timestamp;
            FramesWritten++;
            return true;
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            Fail(e);
            return false;
        }
    }

    /// <summary>
    /// Flushes the open Cluster, writes Cues and finalizes the header. <paramref name="durationMs"/> overrides the
    /// estimated duration (last frame plus the previous frame interval). Idempotent; never throws on I/O errors.
    /// </summary>
    public void Close(long? durationMs = null)
    {
        if (State != WebmWriterState.Open)
        {
            return;
        }

        try
        {
            if (BytesWritten > 0)
            {
                FlushCluster();
                FinishFile(durationMs ?? DurationMs);
            }

            State = WebmWriterState.Closed;
            ReleaseStream();
        }
        catch (Exception e) when (IsIoFailure(e))
        {
            Fail(e);
        }
    }

    /// <summary>Opens (truncating) a recording file as the writer wants it.</summary>
    public static Stream OpenFile(string path) =>
        // Unbuffered: each Cluster goes to the OS in one write, and readers may copy the file while it grows.
        new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);

    /// <summary>Same as <see cref="Close"/>.</summary>
    public void Dispose() => Close();

    private bool NeedsNewCluster(long timestamp, bool isKeyFrame) =>
        !_clusterOpen
        || (isKeyFrame && Codec == RecordingCodec.Vp8)
        || timestamp - _clusterTimestamp >= MaxClusterDurationMs
        || timestamp - _clusterTimestamp > short.MaxValue;

    private void OpenCluster(long timestamp, bool isKeyFrame)
    {
        // Cues point at Clusters a decoder can start in: every audio Cluster, video ones opening on a keyframe.
        if (isKeyFrame)
        {
            _cues.Add((timestamp, BytesWritten - _segmentDataStart));
        }

        _cluster.Clear();
        _clusterSizeOffset = _cluster.BeginMaster(MatroskaIds.Cluster);
        _cluster.WriteUnsigned(MatroskaIds.Timestamp, (ulong)timestamp);
        _clusterTimestamp = timestamp;
        _clusterOpen = true;
    }

    private void AppendSimpleBlock(ReadOnlySpan<byte> frame, long timestamp, bool isKeyFrame)
    {
        _cluster.WriteId(MatroskaIds.SimpleBlock);
        _cluster.WriteSize((ulong)(SimpleBlockHeaderSize + frame.Length));
        _cluster.WriteByte(TrackNumberVint);
        _cluster.WriteInt16((short)(timestamp - _clusterTimestamp));
        _cluster.WriteByte(isKeyFrame ? KeyFrameFlag : (byte)0);
        _cluster.WriteBytes(frame);
    }

    private void FlushCluster()
    {
        if (!_clusterOpen)
        {
            return;
        }

        _clusterOpen = false;
        _cluster.EndMaster(_clusterSizeOffset);
        WriteAndFlush(_cluster.Written);
        _cluster.Clear();
    }

    private void WriteAndFlush(ReadOnlySpan<byte> bytes)
    {
        _stream!.Write(bytes);
        _stream.Flush();
        BytesWritten += bytes.Length;
    }

    private void Fail(Exception e)
    {
        State = WebmWriterState.Failed;
        FailureReason = Describe(e);
        try
        {
            ReleaseStream();
        }
        catch (Exception disposeError) when (IsIoFailure(disposeError))
        {
            // The stream is already broken; the first error is the one worth reporting.
        }
    }

    private void ReleaseStream()
    {
        if (_ownsStream)
        {
            _stream?.Dispose();
        }
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    private static bool IsIoFailure(Exception e) =>
        e is IOException or UnauthorizedAccessException or NotSupportedException or ObjectDisposedException;
}
