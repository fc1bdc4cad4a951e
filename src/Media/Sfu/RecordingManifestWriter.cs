namespace Live.Media.Sfu;

/// <summary>
/// Keeps a recording's <c>tracks.json</c> up to date from a background task: the router only marks it changed (under
/// its lock, no I/O) and the task renders the report as it is then and writes it, so a stalled disk never holds the
/// router's lock. Changes that arrive during a write are folded into one more write; the last write always renders
/// the state after the last change.
/// </summary>
internal sealed class RecordingManifestWriter(string directory, Func<string> render)
{
    private readonly Lock _gate = new();
    private Task _draining = Task.CompletedTask;
    private bool _changed;
    private bool _running;

    /// <summary>The recording changed: the manifest is rewritten soon. Returns at once.</summary>
    public void Changed()
    {
        lock (_gate)
        {
            _changed = true;
            if (!_running)
            {
                _running = true;
                _draining = Task.Run(Drain);
            }
        }
    }

    /// <summary>Completes once the manifest reflects every change marked so far (or its write failed and was counted).</summary>
    public async Task WhenWrittenAsync()
    {
        while (true)
        {
            Task draining;
            lock (_gate)
            {
                if (!_running)
                {
                    return;
                }

                draining = _draining;
            }

            await draining.ConfigureAwait(false);
        }
    }

    private void Drain()
    {
        while (true)
        {
            lock (_gate)
            {
                if (!_changed)
                {
                    _running = false; // under the lock: a change after this starts a new drain
                    return;
                }

                _changed = false;
            }

            try
            {
                string json = render();
                Directory.CreateDirectory(directory);
                RecordingFiles.WriteAtomically(Path.Combine(directory, RecordingFiles.ManifestName), json);
            }
            catch (Exception)
            {
                // A background task has nobody to throw to: the failure is counted, the next change tries again.
                RecordingMetrics.WriteFailed();
            }
        }
    }
}
