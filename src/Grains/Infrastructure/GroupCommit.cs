namespace Live.Grains.Infrastructure;

/// <summary>
/// Group commit for one grain's state. One write is in flight at a time (two would race on the storage ETag); every
/// change made while it is in flight rides on the next write, so a storm of interleaved calls (10,000 votes in a second)
/// costs a handful of whole-state writes instead of one each, and every caller still returns only once its change is
/// durable. If a write fails, the state is reloaded so memory never runs ahead of storage, and every caller whose change
/// the reload dropped (the failed batch and the one queued behind it) gets the error.
/// </summary>
/// <remarks>Not thread-safe by design: it lives on a grain's single-threaded scheduler, like the state it writes.</remarks>
public sealed class GroupCommit(Func<Task> write, Func<Task> reload, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private Task? _inFlight;
    private TaskCompletionSource? _queued;

    // A spaced batch waiting for its time: every change meanwhile joins it, and a plain save starts it at once.
    private TaskCompletionSource? _waiting;
    private TaskCompletionSource? _startNow;
    private long _lastStart = long.MinValue;

    /// <summary>Writes started so far; for tests.</summary>
    public long Writes { get; private set; }

    /// <summary>Completes when a write that started after this call has succeeded.</summary>
    public Task SaveAsync()
    {
        if (_waiting is not null)
        {
            _startNow!.TrySetResult();
            return _waiting.Task;
        }
        if (_inFlight is not null)
        {
            _queued ??= NewBatch();
            return _queued.Task;
        }
        var batch = NewBatch();
        _inFlight = batch.Task;
        _ = WriteBatchesAsync(batch, TimeSpan.Zero);
        return batch.Task;
    }

    /// <summary>
    /// Like <see cref="SaveAsync"/>, but starts no write sooner than <paramref name="spacing"/> after the previous one
    /// started: for changes that come in floods and can wait a moment (reaction taps), so that they cost at most one
    /// write per spacing however many arrive, while each caller still returns only once its change is durable. A plain
    /// save meanwhile starts the waiting write at once.
    /// </summary>
    public Task SaveSpacedAsync(TimeSpan spacing)
    {
        if (_waiting is not null) return _waiting.Task;
        if (_inFlight is not null)
        {
            _queued ??= NewBatch();
            return _queued.Task;
        }
        var wait = _lastStart == long.MinValue ? TimeSpan.Zero : spacing - _time.GetElapsedTime(_lastStart);
        if (wait <= TimeSpan.Zero) return SaveAsync();
        var batch = _waiting = NewBatch();
        _startNow = NewBatch();
        _inFlight = batch.Task;
        _ = WriteBatchesAsync(batch, wait);
        return batch.Task;
    }

    /// <summary>
    /// Completes when every change made so far is durable, writing nothing itself: for a caller that changed nothing
    /// but must not answer with another caller's change before that change is written.
    /// </summary>
    public Task WhenDurableAsync() => _queued?.Task ?? _inFlight ?? Task.CompletedTask;

    private async Task WriteBatchesAsync(TaskCompletionSource batch, TimeSpan wait)
    {
        if (wait > TimeSpan.Zero)
        {
            await Task.WhenAny(Task.Delay(wait, _time), _startNow!.Task);
            _waiting = null;
            _startNow = null;
        }
        while (true)
        {
            Writes++;
            _lastStart = _time.GetTimestamp();
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
