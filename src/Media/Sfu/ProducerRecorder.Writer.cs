using Live.Media.Recording;

namespace Live.Media.Sfu;

/// <summary>
/// The writer side of a recorded track: one task that makes the folder and opens the file, then takes packets from
/// the queue in order, depacketizes them and writes the frames, so only this task ever waits for the disk (packets
/// queue, bounded, while it does). When the queue is completed (stop) it drains what is left, then closes the file;
/// when the file fails it ends the tap and discards the rest.
/// </summary>
internal sealed partial class ProducerRecorder
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Set by the writer once the file is open; reports and WantsKeyFrame read them (flags and counters) from any thread.
    private volatile TrackRecorder? _recorder;
    private volatile Vp8Depacketizer? _vp8;
    private OpusDepacketizer? _opus;
    private RecordingInstant? _stoppedAt;
    private long _bytesCounted;
    private bool _failed;
    private bool _failureCounted;

    private async Task WriteAsync(string path, Func<string, Stream> open, RecordingWriters writers)
    {
        RecordingQueue queue = _queue!;
        try
        {
            // Every stretch that can touch the disk (open, a drained batch, close) holds one of the server's bounded
            // turns; between them the writer waits for packets without holding one.
            await writers.EnterAsync().ConfigureAwait(false);
            try
            {
                Open(path, open);
            }
            finally
            {
                writers.Exit();
            }

            while (await queue.WaitToReadAsync().ConfigureAwait(false))
            {
                await writers.EnterAsync().ConfigureAwait(false);
                try
                {
                    WriteQueued(queue);
                }
                finally
                {
                    writers.Exit();
                }
            }
        }
        catch (Exception e)
        {
            // Never unobserved and never into the packet path: this track fails, the others and forwarding go on.
            Fail($"{e.GetType().Name}: {e.Message}");
            while (queue.TryDequeue(out QueuedRtp packet))
            {
                RecordingQueue.Release(packet);
            }
        }
        finally
        {
            _opened.TrySetResult();
        }

        await writers.EnterAsync().ConfigureAwait(false);
        try
        {
            Close();
        }
        finally
        {
            writers.Exit();
        }
    }

    private void WriteQueued(RecordingQueue queue)
    {
        while (queue.TryDequeue(out QueuedRtp packet))
        {
            try
            {
                if (!_failed)
                {
                    Write(packet);
                }
            }
            finally
            {
                RecordingQueue.Release(packet);
            }
        }

        CountBytes();
    }

    private void Open(string path, Func<string, Stream> open)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            Fail($"{e.GetType().Name}: {e.Message}");
            return;
        }

        var recorder = new TrackRecorder(WebmWriter.Create(path, _recordingCodec, open), _clock!);
        if (_recordingCodec == RecordingCodec.Vp8)
        {
            _vp8 = new Vp8Depacketizer(recorder);
        }
        else
        {
            _opus = new OpusDepacketizer(recorder);
        }

        _recorder = recorder;
        if (recorder.State == TrackRecorderState.Failed)
        {
            Fail(null); // the writer's own reason is in the report
        }

        _opened.TrySetResult();
    }

    private void Write(in QueuedRtp packet)
    {
        TrackRecorder recorder = _recorder!;
        recorder.ArrivedAt(packet.Arrival);
        if (_vp8 is { } vp8)
        {
            vp8.Push(packet.Packet);
        }
        else
        {
            _opus!.Push(packet.Packet);
        }

        if (recorder.State == TrackRecorderState.Failed)
        {
            Fail(null); // the writer's own reason is in the report; the rest of the queue is discarded
        }
    }

    private void Fail(string? problem)
    {
        _failed = true;
        if (problem is not null)
        {
            _problem ??= problem;
        }

        CountFailureOnce();
        End(_clock!.Now());
    }

    private void CountFailureOnce()
    {
        if (!_failureCounted)
        {
            _failureCounted = true;
            RecordingMetrics.WriteFailed();
        }
    }

    private void Close()
    {
        TrackRecorder? recorder = _recorder;
        try
        {
            recorder?.Stop(_stoppedAt ?? _clock!.Now());
        }
        catch (Exception e)
        {
            _problem ??= $"{e.GetType().Name}: {e.Message}";
        }

        CountBytes();
        RecordingMetrics.TrackEnded();
        if (_problem is not null || recorder?.State == TrackRecorderState.Failed)
        {
            CountFailureOnce(); // closing failed (Cues, seeking back), or the writer failed on its last frame
        }
    }

    private void CountBytes()
    {
        long bytes = _recorder?.BytesWritten ?? 0;
        RecordingMetrics.Written(bytes - _bytesCounted);
        _bytesCounted = bytes;
    }
}
