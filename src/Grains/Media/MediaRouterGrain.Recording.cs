using Live.Media;
using Live.Sessions;

namespace Live.Grains.Media;

// Recording on this activation's router. The SFU never waits for the disk on the packet path or under its router's
// lock, and no turn of this grain (or of the session's) waits for it either: a stop returns once the files are asked to
// close; draining them, closing them and writing the timeline go on in the background, and problems that appear while
// recording (a disk too slow, so packets are dropped) reach the hosts from the sync tick.
public sealed partial class MediaRouterGrain
{
    /// <summary>How long a stopped recording's files may take to close before hosts are told the disk is stalled.</summary>
    public static readonly TimeSpan RecordingCloseTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The state each file's problem was last reported in, so a degraded track is told once, not every tick.</summary>
    private readonly Dictionary<string, string> _reportedProblems = new(StringComparer.Ordinal);
    private string? _reportedRecordingId;
    private bool _recording;
    private Task? _finishing;

    /// <summary>Files are open, or a stopped recording is still closing: the activation must stay where its files are.</summary>
    private bool RecordingBusy => _recording || _finishing is { IsCompleted: false };

    public Task<RecordingReport> ApplyRecordingAsync(RecordingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var report = sfu.ApplyRecording(SessionId, plan);
        _recording = plan.Status is RecordingStatus.Recording or RecordingStatus.Paused;
        // The session tells the hosts about this report's problems itself (except on stop, see RecordingClosedAsync).
        if (_recording) NewProblems(report);
        else _finishing = FinishRecordingAsync(plan.RecordingId, _finishing);
        // The files live in this activation's router: stay active while they are open or closing.
        StartSync();
        return Task.FromResult(report);
    }

    public Task<RecordingReport?> GetRecordingAsync() => Task.FromResult(sfu.GetRecording(SessionId));

    public Task WriteTimelineAsync(string recordingId, string timelineJson) =>
        // Off this turn's thread; the session no longer calls it on a stop (the timeline follows the files' closing).
        Task.Run(() => sfu.WriteTimeline(SessionId, recordingId, timelineJson));

    /// <summary>
    /// Runs outside any turn (started, not awaited, by the stop): waits for the files to drain and close, asks the
    /// session for the timeline (which also tells hosts of problems, with final drop counts), and writes it beside the
    /// files on the thread pool. Stops of several recordings finish in order.
    /// </summary>
    private async Task FinishRecordingAsync(string recordingId, Task? previous)
    {
        if (previous is not null) await previous;
        try
        {
            var report = await sfu.RecordingClosedAsync(SessionId, recordingId).WaitAsync(RecordingCloseTimeout);
            if (report is null) return;
            var timeline = await Session.RecordingClosedAsync(report);
            if (timeline is null) return;
            await Task.Run(() => sfu.WriteTimeline(SessionId, recordingId, timeline)).WaitAsync(RecordingCloseTimeout);
            await Session.RecordingReadyAsync(report);
        }
        catch (Exception ex)
        {
            await TellStalledAsync(recordingId, ex);
        }
    }

    /// <summary>Best effort: the hosts hear which tracks never closed, or that the timeline could not be written.</summary>
    private async Task TellStalledAsync(string recordingId, Exception ex)
    {
        try
        {
            if (ex is TimeoutException && sfu.GetRecording(SessionId) is { } report && report.RecordingId == recordingId)
            {
                string stalled = $"the file was not closed within {RecordingCloseTimeout.TotalMinutes:0} minutes: the recording disk is stalled";
                var open = report.Tracks.Where(t => t.State is "closing" or "degraded" or "recording" or "paused").Select(t => t with { Problem = stalled }).ToList();
                await Session.RecordingProblemsAsync(recordingId, open, null);
            }
            else
            {
                await Session.RecordingProblemsAsync(recordingId, [], $"The recording's timeline could not be written ({ex.GetType().Name}: {ex.Message}).");
            }
        }
        catch (Exception)
        {
            // The session is unreachable too; the tracks' states stay readable in tracks.json and GetRecordingAsync.
        }
    }

    /// <summary>From the sync tick: a track that became degraded or failed since the last plan is told to the hosts.</summary>
    private async Task WatchRecordingAsync()
    {
        if (!_recording || sfu.GetRecording(SessionId) is not { } report) return;
        var fresh = NewProblems(report);
        if (fresh.Count > 0) await Session.RecordingProblemsAsync(report.RecordingId, fresh, null);
    }

    /// <summary>Tracks whose problem is new in this state (one file may go recording → degraded → failed: each is told once).</summary>
    private List<RecordedTrack> NewProblems(RecordingReport report)
    {
        if (_reportedRecordingId != report.RecordingId)
        {
            _reportedProblems.Clear();
            _reportedRecordingId = report.RecordingId;
        }

        var fresh = new List<RecordedTrack>();
        foreach (var track in report.Tracks.Where(t => t.Problem is not null))
        {
            string key = $"{track.TrackId}/{track.File}";
            if (_reportedProblems.TryGetValue(key, out var state) && state == track.State) continue;
            _reportedProblems[key] = track.State;
            fresh.Add(track);
        }
        return fresh;
    }
}
