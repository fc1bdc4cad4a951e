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
    private bool _writing;
    private TaskCompletionSource? _queued;

    /// <summary>Writes once for every write requested so far (0 or 1 queued at any time); for tests and metrics.</summary>
    public long Writes { get; private set; }

    /// <summary>Completes when a write that started after this call has succeeded.</summary>
    public Task SaveAsync()
    {
        if (!_writing) return WriteAsync();
        _queued ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queued.Task;
    }

    private async Task WriteAsync()
    {
        _writing = true;
        Writes++;
        try
        {
            await write();
        }
        catch (Exception error)
        {
            try
            {
                await reload();
            }
            finally
            {
                var dropped = _queued;
                _queued = null;
                _writing = false;
                dropped?.TrySetException(error);
            }
            throw;
        }
        _writing = false;
        if (_queued is { } next)
        {
            _queued = null;
            _ = CompleteAsync(next);
        }
    }

    private async Task CompleteAsync(TaskCompletionSource batch)
    {
        try
        {
            await WriteAsync();
            batch.TrySetResult();
        }
        catch (Exception error)
        {
            batch.TrySetException(error);
        }
    }
}
