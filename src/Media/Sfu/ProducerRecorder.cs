using Live.Media.Recording;
using Live.Media.Rtp;

namespace Live.Media.Sfu;

/// <summary>
/// Records one producer into one file: the tap on its packets, the depacketizer of its codec, a
/// <see cref="TrackRecorder"/> and its <see cref="WebmWriter"/>. Packets arrive on the receive thread and
/// <see cref="Stop"/> comes from the control plane, so one lock serializes them; nothing thrown below escapes into the
/// receive thread: an I/O error fails the track, anything else too (with its reason), and the tap then detaches itself.
/// </summary>
internal sealed class ProducerRecorder : IRtpTap
{
    private readonly Lock _gate = new();
    private readonly Producer _producer;
    private readonly RtpCodec _codec;
    private readonly TrackRecorder? _recorder;
    private readonly Vp8Depacketizer? _vp8;
    private readonly OpusDepacketizer? _opus;
    private readonly string _codecName;
    private readonly string _file;
    private string? _problem;
    private bool _unsupported;
    private volatile bool _ended;
    private long _bytesCounted;

    private ProducerRecorder(Producer producer, string codecName, string file)
    {
        _producer = producer;
        _codec = producer.PrimaryCodec;
        _codecName = codecName;
        _file = file;
    }

    private ProducerRecorder(Producer producer, string codecName, string file, TrackRecorder recorder)
        : this(producer, codecName, file)
    {
        _recorder = recorder;
        if (_codec == RtpCodec.Vp8)
        {
            _vp8 = new Vp8Depacketizer(recorder);
        }
        else
        {
            _opus = new OpusDepacketizer(recorder);
        }
    }

    public Producer Producer => _producer;

    public string ProducerId => _producer.Id;

    public string ParticipantId => _producer.ParticipantId;

    /// <summary>True until the track is stopped, failed, or was never recordable.</summary>
    public bool IsActive
    {
        get
        {
            lock (_gate)
            {
                return !_ended;
            }
        }
    }

    /// <inheritdoc />
    public bool WantsKeyFrame =>
        !_ended && _recorder is { } recorder && (recorder.NeedsKeyframe || (recorder.State == TrackRecorderState.Recording && _vp8 is { NeedsKeyframe: true }));

    /// <summary>
    /// Starts recording <paramref name="producer"/> into <paramref name="path"/> (a file named <paramref name="file"/>
    /// in the recording's folder): an unsupported codec yields a report-only entry, an unwritable path a failed one.
    /// <paramref name="directoryProblem"/>, when set, is why the folder could not be made.
    /// </summary>
    public static ProducerRecorder Start(Producer producer, string path, string file, RecordingClock clock, string? directoryProblem)
    {
        RtpCodec codec = producer.PrimaryCodec;
        string codecName = CodecName(codec);
        if (!RecordingUnsupported.TryResolve(codecName, out RecordingCodec recordingCodec, out RecordingUnsupported? unsupported))
        {
            return new ProducerRecorder(producer, codecName, "") { _unsupported = true, _ended = true, _problem = unsupported!.Reason };
        }

        if (directoryProblem is not null)
        {
            RecordingMetrics.WriteFailed();
            return new ProducerRecorder(producer, codecName, file) { _ended = true, _problem = directoryProblem };
        }

        var recorder = new ProducerRecorder(producer, codecName, file, new TrackRecorder(WebmWriter.Create(path, recordingCodec), clock));
        if (recorder._recorder!.State == TrackRecorderState.Failed)
        {
            recorder._ended = true;
            RecordingMetrics.WriteFailed();
            return recorder;
        }

        RecordingMetrics.TrackStarted();
        producer.AttachTap(recorder);
        return recorder;
    }

    /// <inheritdoc />
    public void OnRtp(ReadOnlySpan<byte> packet, in RtpHeader header)
    {
        if (_producer.Codecs.CodecOf(header.PayloadType) != _codec)
        {
            return; // another negotiated codec: this file has one
        }

        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            try
            {
                if (_vp8 is not null)
                {
                    _vp8.Push(packet);
                }
                else
                {
                    _opus!.Push(packet);
                }
            }
            catch (Exception e)
            {
                // Never into the receive thread: this track ends, forwarding and the other tracks go on.
                _problem = $"{e.GetType().Name}: {e.Message}";
                EndLocked();
                return;
            }

            CountBytesLocked();
            if (_recorder!.State == TrackRecorderState.Failed)
            {
                EndLocked();
            }
        }
    }

    /// <summary>Closes the file (Cues, Duration) and detaches from the producer. Idempotent.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (!_ended)
            {
                EndLocked();
            }
        }
    }

    public TrackRecordingReport Report()
    {
        lock (_gate)
        {
            string state = _unsupported ? TrackRecordingStates.Unsupported
                : _problem is not null ? TrackRecordingStates.Failed
                : _recorder!.State switch
                {
                    TrackRecorderState.Recording => TrackRecordingStates.Recording,
                    TrackRecorderState.Paused => TrackRecordingStates.Paused,
                    TrackRecorderState.Stopped => TrackRecordingStates.Complete,
                    _ => TrackRecordingStates.Failed,
                };
            return new TrackRecordingReport(_producer.Id, _producer.ParticipantId, _producer.Source, _producer.Kind, _codecName, _file,
                state, _problem ?? _recorder?.FailureReason, _recorder?.BytesWritten ?? 0, _recorder?.GetSegments() ?? []);
        }
    }

    private void EndLocked()
    {
        _ended = true;
        _producer.DetachTap(this);
        bool failedBefore = _problem is not null || _recorder?.State == TrackRecorderState.Failed;
        try
        {
            _recorder?.Stop();
        }
        catch (Exception e)
        {
            _problem ??= $"{e.GetType().Name}: {e.Message}";
        }

        CountBytesLocked();
        RecordingMetrics.TrackEnded();
        if (failedBefore || _problem is not null || _recorder?.State == TrackRecorderState.Failed)
        {
            RecordingMetrics.WriteFailed();
        }
    }

    private void CountBytesLocked()
    {
        long bytes = _recorder?.BytesWritten ?? 0;
        RecordingMetrics.Written(bytes - _bytesCounted);
        _bytesCounted = bytes;
    }

    private static string CodecName(RtpCodec codec) => codec switch
    {
        RtpCodec.Vp8 => "VP8",
        RtpCodec.Opus => "opus",
        RtpCodec.H264 => "H264",
        _ => "unknown",
    };
}
