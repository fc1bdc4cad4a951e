using Live.Media.Recording;
using Live.Media.Rtp;

namespace Live.Media.Sfu;

/// <summary>
/// Records one producer into one file. Two sides meet here and share no lock: the tap (<see cref="OnRtp"/>, on the
/// receive thread) copies each packet into the track's <see cref="RecordingQueue"/> and returns; the writer (a task per
/// track, ProducerRecorder.Writer.cs) makes the folder, opens the file, depacketizes, writes and flushes, and on stop
/// drains the queue and closes the file. A disk that stalls therefore holds up only its writer: the queue fills,
/// further packets are dropped and counted, and the track reports itself <see cref="TrackRecordingStates.Degraded"/>
/// while forwarding goes on untouched. Reports read counters and snapshots that never wait for a write in progress.
/// </summary>
internal sealed partial class ProducerRecorder : IRtpTap
{
    private readonly Producer _producer;
    private readonly RtpCodec _codec;
    private readonly RecordingCodec _recordingCodec;
    private readonly string _codecName;
    private readonly string _file;
    private readonly RecordingClock? _clock;
    private readonly RecordingQueue? _queue;
    private volatile string? _problem;
    private bool _unsupported;
    private volatile bool _ended;
    private int _ending;
    private Task _closed = Task.CompletedTask;

    private ProducerRecorder(Producer producer, string codecName, string file, RecordingCodec recordingCodec, RecordingClock? clock, int queuePackets)
    {
        _producer = producer;
        _codec = producer.PrimaryCodec;
        _codecName = codecName;
        _file = file;
        _recordingCodec = recordingCodec;
        _clock = clock;
        _queue = clock is null ? null : new RecordingQueue(queuePackets);
    }

    public Producer Producer => _producer;

    public string ProducerId => _producer.Id;

    public string ParticipantId => _producer.ParticipantId;

    /// <summary>True until the track is stopped, failed, or was never recordable.</summary>
    public bool IsActive => !_ended;

    /// <summary>Completes when the file is closed (after the queue drained), failed, or the track never had one.</summary>
    public Task Closed => _closed;

    /// <summary>Completes once the file is open (or could not be opened); <see cref="Closed"/> may come later.</summary>
    public Task Opened => _opened.Task;

    /// <summary>The track's queue (null when it has no file): its depth, high-water mark and drops.</summary>
    public RecordingQueue? Queue => _queue;

    /// <inheritdoc />
    /// <remarks>
    /// Until the file is open a video track wants its first keyframe (it waits in the queue). While the queue is half
    /// full a keyframe asked for now would likely be dropped too and only add load; the request waits for the writer.
    /// </remarks>
    public bool WantsKeyFrame =>
        !_ended && _recordingCodec == RecordingCodec.Vp8 && _queue!.Count * 2 < _queue.Capacity
        && (_recorder is not { } recorder
            || recorder.NeedsKeyframe || (recorder.State == TrackRecorderState.Recording && _vp8 is { NeedsKeyframe: true }));

    /// <summary>
    /// Starts recording <paramref name="producer"/> into <paramref name="path"/> (a file named <paramref name="file"/>
    /// in the recording's folder): an unsupported codec yields a report-only entry. Nothing here touches the disk (the
    /// caller holds the router's lock): the writer makes the folder and opens the file, and a failure to do either shows
    /// in <see cref="Report"/> as a failed track once it happens.
    /// </summary>
    public static ProducerRecorder Start(
        Producer producer, string path, string file, RecordingClock clock, SfuOptions options, RecordingWriters writers)
    {
        RtpCodec codec = producer.PrimaryCodec;
        string codecName = CodecName(codec);
        if (!RecordingUnsupported.TryResolve(codecName, out RecordingCodec recordingCodec, out RecordingUnsupported? unsupported))
        {
            var report = new ProducerRecorder(producer, codecName, "", default, null, 0) { _unsupported = true, _ended = true, _problem = unsupported!.Reason };
            report._opened.SetResult();
            return report;
        }

        var recorder = new ProducerRecorder(producer, codecName, file, recordingCodec, clock, options.RecordingQueuePackets);
        RecordingMetrics.TrackStarted();
        Func<string, Stream> open = options.OpenRecordingFile ?? WebmWriter.OpenFile;
        recorder._closed = Task.Run(() => recorder.WriteAsync(path, open, writers));
        producer.AttachTap(recorder);
        return recorder;
    }

    /// <inheritdoc />
    public void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        if (_ended || _producer.Codecs.CodecOf(header.PayloadType) != _codec)
        {
            return; // stopped, or another negotiated codec: this file has one
        }

        RecordingInstant arrival = _clock!.Now();
        if (arrival.IsPaused)
        {
            return; // the writer would discard it; the next stretch starts on a keyframe anyway
        }

        if (!_queue!.TryEnqueue(packet, arrival) && !_ended)
        {
            RecordingMetrics.PacketDropped();
        }
    }

    /// <summary>
    /// Stops feeding the file and detaches from the producer at once; the writer then drains what is queued and closes
    /// the file (Cues, Duration) in the background. Idempotent; <see cref="Closed"/> tells when the file is done.
    /// </summary>
    public Task Stop()
    {
        if (!_ended)
        {
            End(_clock!.Now());
        }

        return _closed;
    }

    public TrackRecordingReport Report()
    {
        TrackRecorder? recorder = _recorder;
        long dropped = _queue?.Dropped ?? 0;
        string? problem = _problem ?? recorder?.FailureReason;
        TrackRecorderState? recorderState = recorder?.State;
        string state = _unsupported ? TrackRecordingStates.Unsupported
            : problem is not null || recorderState == TrackRecorderState.Failed ? TrackRecordingStates.Failed
            : recorderState == TrackRecorderState.Stopped ? TrackRecordingStates.Complete
            : _ended ? TrackRecordingStates.Closing
            : dropped > 0 ? TrackRecordingStates.Degraded
            : _clock!.IsPaused ? TrackRecordingStates.Paused
            : TrackRecordingStates.Recording;
        problem ??= dropped > 0 ? DegradedProblem(dropped) : null;
        return new TrackRecordingReport(_producer.Id, _producer.ParticipantId, _producer.Source, _producer.Kind, _codecName, _file,
            state, problem, recorder?.BytesWritten ?? 0, recorder?.GetSegments() ?? [], dropped);
    }

    /// <summary>What hosts read about a track that lost media to a slow disk (the file itself stays valid).</summary>
    public static string DegradedProblem(long dropped) =>
        $"degraded: {dropped} packets dropped because the recording disk is too slow; the file skips what was dropped";

    /// <summary>Ends the tap once (the control plane's stop and the writer's failure may race).</summary>
    private void End(RecordingInstant stoppedAt)
    {
        if (Interlocked.Exchange(ref _ending, 1) != 0)
        {
            return;
        }

        _stoppedAt = stoppedAt;
        _ended = true;
        _producer.DetachTap(this);
        _queue?.Complete();
    }

    private static string CodecName(RtpCodec codec) => codec switch
    {
        RtpCodec.Vp8 => "VP8",
        RtpCodec.Opus => "opus",
        RtpCodec.H264 => "H264",
        _ => "unknown",
    };
}
