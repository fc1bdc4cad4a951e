using System.Text.Json;
using System.Text.Json.Serialization;
using Live.Media.Recording;

namespace Live.Media.Sfu;

/// <summary>
/// One router's recording: its id and status, the shared <see cref="RecordingClock"/> every track pauses on, the
/// participants who may be recorded, and one <see cref="ProducerRecorder"/> per file. Every call comes under the
/// router's lock (plan changes, producers opening and closing, the keyframe tick), so its own state needs none; only
/// the recorders meet the receive thread. After each change it rewrites <c>tracks.json</c> in the recording's folder.
/// </summary>
internal sealed class SessionRecorder
{
    private static readonly JsonSerializerOptions ManifestJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly List<ProducerRecorder> _files = [];
    private readonly Dictionary<string, ProducerRecorder> _active = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _fileCounts = new(StringComparer.Ordinal);
    private HashSet<string> _recordable = new(StringComparer.Ordinal);

    public SessionRecorder(string root, string sessionId, SfuRecordingPlan plan, TimeProvider time)
    {
        RecordingId = plan.RecordingId;
        Directory = RecordingFiles.RecordingDirectory(root, sessionId, plan.RecordingId);
        Clock = new RecordingClock(time, plan.SessionClockMs);
    }

    public string RecordingId { get; }

    /// <summary>The recording's folder (absolute).</summary>
    public string Directory { get; }

    public SfuRecordingStatus Status { get; private set; } = SfuRecordingStatus.Stopped;

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
            recorder.Stop();
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
        ProducerRecorder recorder = ProducerRecorder.Start(producer, Path.Combine(Directory, file), file, Clock, CreateDirectory());
        _files.Add(recorder);
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
            recorder.Stop();
            WriteManifest();
        }
    }

    /// <summary>Closes every file and writes the final manifest. Idempotent.</summary>
    public void Stop()
    {
        bool wasRunning = Status != SfuRecordingStatus.Stopped;
        Status = SfuRecordingStatus.Stopped;
        foreach (ProducerRecorder recorder in _active.Values)
        {
            recorder.Stop();
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

    private string? CreateDirectory()
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private void WriteManifest()
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            RecordingFiles.WriteAtomically(Path.Combine(Directory, RecordingFiles.ManifestName), JsonSerializer.Serialize(Report(), ManifestJson));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            RecordingMetrics.WriteFailed();
        }
    }
}
