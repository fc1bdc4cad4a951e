using System.Text.Json;
using System.Text.Json.Serialization;
using Live.Media.Recording;

namespace Live.Media.Sfu;

/// <summary>
/// One router's recording: its id and status, the shared <see cref="RecordingClock"/> every track pauses on, the
/// participants who may be recorded, and one <see cref="ProducerRecorder"/> per file. Changes come under the router's
/// lock (plan changes, producers opening and closing, the keyframe tick), so that state needs no lock of its own; only
/// the recorders meet the receive thread. Nothing here touches the disk while the router's lock is held: a track's
/// writer makes the folder and opens its file, stopping a track only asks its writer to drain and close
/// (<see cref="WhenSettledAsync"/> tells when it has), and after each change <c>tracks.json</c> is rewritten in the
/// background, and once more when a stopped file is closed.
/// <see cref="Report"/> may be called from any thread: the list of files is copy-on-write and each track reports from
/// counters and snapshots.
/// </summary>
internal sealed class SessionRecorder
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly SfuOptions _options;
    private readonly RecordingManifestWriter _manifest;
    private readonly Lock _settlingGate = new();
    private readonly List<Task> _settling = [];
    private readonly RecordingWriters _writers;
    private readonly Dictionary<ProducerRecorder, Task> _manifestAfterClose = new();
    private volatile ProducerRecorder[] _files = [];
    private volatile SfuRecordingStatus _status = SfuRecordingStatus.Stopped;
    private readonly Dictionary<string, ProducerRecorder> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _fileCounts = new(StringComparer.Ordinal);
    private HashSet<string> _recordable = new(StringComparer.Ordinal);

    public SessionRecorder(SfuOptions options, string sessionId, SfuRecordingPlan plan, TimeProvider time, RecordingWriters writers)
    {
        _options = options;
        _writers = writers;
        RecordingId = plan.RecordingId;
        Directory = RecordingFiles.RecordingDirectory(options.RecordingsDirectory, sessionId, plan.RecordingId);
        Clock = new RecordingClock(time, plan.SessionClockMs);
        _manifest = new RecordingManifestWriter(Directory, () => JsonSerializer.Serialize(Report(), ManifestJson));
    }

    public string RecordingId { get; }

    /// <summary>The recording's folder (absolute).</summary>
    public string Directory { get; }

    public SfuRecordingStatus Status { get => _status; private set => _status = value; }

    /// <summary>
    /// Completes when every file has been opened (or failed to), every file stopped so far has drained its queue and
    /// closed, and the manifest that says so is written. Never completes while a track's disk stays stalled; callers
    /// that must not wait bound it.
    /// </summary>
    public async Task WhenSettledAsync()
    {
        Task[] settling;
        lock (_settlingGate)
        {
            settling = [.. _settling];
        }

        await Task.WhenAll(settling).ConfigureAwait(false);
        await _manifest.WhenWrittenAsync().ConfigureAwait(false);
    }

    public RecordingClock Clock { get; }

    /// <summary>Follows <paramref name="plan"/> (same recording id): pause, resume, who is recorded, or stop.</summary>
    public void Apply(SfuRecordingPlan plan, IEnumerable<Producer> producers)
    {
        if (plan.Status == SfuRecordingStatus.Stopped)
        {
            Stop();
            return;
        }

        Status = plan.Status;
        if (plan.Status == SfuRecordingStatus.Paused)
        {
            Clock.Pause();
        }
        else
        {
            Clock.Resume();
        }

        _recordable = new HashSet<string>(plan.Recordable, StringComparer.Ordinal);
        foreach (ProducerRecorder recorder in _active.Values.Where(r => !_recordable.Contains(r.ParticipantId)).ToList())
        {
            StopTrack(recorder);
            _active.Remove(recorder.ProducerId);
        }

        foreach (Producer producer in producers)
        {
            OnProducerOpened(producer, writeManifest: false);
        }

        WriteManifest();
    }

    /// <summary>A producer opened on the router: recorded when its participant is recordable and recording is on.</summary>
    public void OnProducerOpened(Producer producer, bool writeManifest = true)
    {
        if (Status == SfuRecordingStatus.Stopped || producer.IsClosed || !_recordable.Contains(producer.ParticipantId)
            || _active.ContainsKey(producer.Id))
        {
            return;
        }

        int ordinal = _fileCounts.GetValueOrDefault(producer.Id) + 1;
        _fileCounts[producer.Id] = ordinal;
        string file = RecordingFiles.TrackFileName(producer.ParticipantId, producer.Source, ordinal);
        ProducerRecorder recorder = ProducerRecorder.Start(producer, Path.Combine(Directory, file), file, Clock, _options, _writers);
        _files = [.. _files, recorder];
        // The manifest follows the writer too: once the file is open (or failed to open), and once it is closed
        // (stopped, or failed while writing). Settling waits for the first always, for the second after a stop.
        Task manifestAfterOpen = recorder.Opened.ContinueWith(_ => WriteManifest(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        Task manifestAfterClose = recorder.Closed.ContinueWith(_ => WriteManifest(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        lock (_settlingGate)
        {
            _settling.RemoveAll(t => t.IsCompleted);
            _settling.Add(manifestAfterOpen);
            _manifestAfterClose[recorder] = manifestAfterClose;
        }

        if (recorder.IsActive)
        {
            _active[producer.Id] = recorder;
            producer.RequestKeyFrameForTap();
        }

        if (writeManifest)
        {
            WriteManifest();
        }
    }

    /// <summary>A producer closed (unpublished, participant left, consent expired): its file is closed.</summary>
    public void OnProducerClosed(Producer producer)
    {
        if (_active.Remove(producer.Id, out ProducerRecorder? recorder))
        {
            StopTrack(recorder);
            WriteManifest();
        }
    }

    /// <summary>
    /// Stops every track (their writers drain and close in the background, see <see cref="WhenSettledAsync"/>) and
    /// queues the manifest. Idempotent; returns without waiting for the disk.
    /// </summary>
    public void Stop()
    {
        bool wasRunning = Status != SfuRecordingStatus.Stopped;
        Status = SfuRecordingStatus.Stopped;
        foreach (ProducerRecorder recorder in _active.Values)
        {
            StopTrack(recorder);
        }

        _active.Clear();
        if (wasRunning)
        {
            WriteManifest();
        }
    }

    /// <summary>Asks publishers for keyframes where a video file waits for one (start, resume, loss).</summary>
    public void RequestKeyFrames()
    {
        foreach (ProducerRecorder recorder in _active.Values)
        {
            recorder.Producer.RequestKeyFrameForTap();
        }
    }

    public SessionRecordingReport Report() => new(RecordingId, Status, Directory, _files.Select(f => f.Report()).ToList());

    /// <summary>
    /// Stops a track without waiting; once its file is closed the manifest is rewritten to say so. A track whose file
    /// failed ended itself; it stays listed as active (so no second file is opened for it) until this stop.
    /// </summary>
    private void StopTrack(ProducerRecorder recorder)
    {
        recorder.Stop();
        lock (_settlingGate)
        {
            if (_manifestAfterClose.Remove(recorder, out Task? manifestAfterClose))
            {
                _settling.RemoveAll(t => t.IsCompleted);
                _settling.Add(manifestAfterClose);
            }
        }
    }

    /// <summary>The manifest's background writer renders the report when it writes; nothing waits for it here.</summary>
    private void WriteManifest() => _manifest.Changed();
}
