namespace Live.Grains.Infrastructure;

/// <summary>
/// Group commit for one grain's state. One write is in flight at a time (two would race on the storage ETag); every
/// change made while it is in flight rides on the next write, so a storm of interleaved calls (10,000 votes in a second)
/// costs a handful of whole-state writes instead of one each, and every caller still returns only once its change is
/// durable. If a write fails, the state is reloaded so memory never runs ahead of storage, and every caller whose change
/// the reload dropped (the failed batch and the one queued behind it) gets the error.
/// </summary>
/// <remarks>Not thread-safe by design: it lives on a grain's single-threaded scheduler, like the state it writes.</remarks>
public sealed class GroupCommit(Func<Task> write, Func<Task> reload)
{
    private Task? _inFlight;
    private TaskCompletionSource? _queued;

    /// <summary>Writes started so far; for tests.</summary>
    public long Writes { get; private set; }

    /// <summary>Completes when a write that started after this call has succeeded.</summary>
    public Task SaveAsync()
    {
        if (_inFlight is not null)
        {
            _queued ??= NewBatch();
            return _queued.Task;
        }
        var batch = NewBatch();
        _inFlight = batch.Task;
        _ = WriteBatchesAsync(batch);
        return batch.Task;
    }

    /// <summary>
    /// Completes when every change made so far is durable, writing nothing itself: for a caller that changed nothing
    /// but must not answer with another caller's change before that change is written.
    /// </summary>
    public Task WhenDurableAsync() => _queued?.Task ?? _inFlight ?? Task.CompletedTask;

    private async Task WriteBatchesAsync(TaskCompletionSource batch)
    {
        while (true)
        {
            Writes++;
            try
            {
                await write();
            }
            catch (Exception error)
            {
                try { await reload(); }
                catch { /* callers get the write's error; memory may then keep their changes, which a later write may still store */ }
                var dropped = _queued;
                _queued = null;
                _inFlight = null;
                batch.TrySetException(error);
                dropped?.TrySetException(error);
                return;
            }
            batch.TrySetResult();
            if (_queued is null)
            {
                _inFlight = null;
                return;
            }
            batch = _queued;
            _queued = null;
            _inFlight = batch.Task;
        }
    }

    private static TaskCompletionSource NewBatch() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
