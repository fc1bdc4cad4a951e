namespace Live.Media.Sfu;

/// <summary>
/// The router's recording: at most one at a time, driven by plans from the control plane. Producers that open while it
/// runs are picked up and those that close have their file closed, all under the router's lock so a plan change and a
/// renegotiation never interleave. Closing is asked for under the lock but done by each track's writer afterwards
/// (drain, then Cues and Duration), so neither the lock nor the caller waits for the disk; see
/// <see cref="RecordingSettledAsync"/>.
/// </summary>
public sealed partial class Router
{
    private SessionRecorder? _recording;

    /// <summary>The current (or last) recording's report, or null when this router never recorded.</summary>
    public SessionRecordingReport? Recording
    {
        get
        {
            lock (_gate)
            {
                return _recording?.Report();
            }
        }
    }

    /// <summary>True while a recording is running or paused.</summary>
    public bool IsRecording
    {
        get
        {
            lock (_gate)
            {
                return _recording is { Status: not SfuRecordingStatus.Stopped };
            }
        }
    }

    /// <summary>
    /// Starts, pauses, resumes or stops recording following <paramref name="plan"/>. A new recording id stops the
    /// previous recording first. Files go under <see cref="SfuOptions.RecordingsDirectory"/>; I/O problems are reported
    /// per track, never thrown.
    /// </summary>
    public SessionRecordingReport ApplyRecording(SfuRecordingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentException.ThrowIfNullOrEmpty(plan.RecordingId);
        lock (_gate)
        {
            if (_recording is null || _recording.RecordingId != plan.RecordingId)
            {
                _recording?.Stop();
                if (plan.Status == SfuRecordingStatus.Stopped || _closed)
                {
                    // Nothing of this recording ran here: nothing to close.
                    return new SessionRecordingReport(plan.RecordingId, SfuRecordingStatus.Stopped,
                        RecordingFiles.RecordingDirectory(Server.Options.RecordingsDirectory, Id, plan.RecordingId), []);
                }

                _recording = new SessionRecorder(Server.Options, Id, plan, Server.Time, Server.RecordingWriters);
            }

            _recording.Apply(_closed ? plan with { Status = SfuRecordingStatus.Stopped } : plan, _producers.Values);
            return _recording.Report();
        }
    }

    /// <summary>
    /// Waits, without the router's lock, until every file of the current (or last) recording is open (or failed to
    /// open), every stopped one has drained its queue and closed, and the manifest is written; then returns the report
    /// (null when this router never recorded). After a stop this is the final report: every track complete or failed.
    /// </summary>
    public async Task<SessionRecordingReport?> RecordingSettledAsync()
    {
        SessionRecorder? recording;
        lock (_gate)
        {
            recording = _recording;
        }

        if (recording is null)
        {
            return null;
        }

        await recording.WhenSettledAsync().ConfigureAwait(false);
        return recording.Report();
    }

    internal void RequestRecordingKeyFrames()
    {
        lock (_gate)
        {
            _recording?.RequestKeyFrames();
        }
    }
}
