using Live.Grains.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Live.Tests.Integration.Grains;

/// <summary>The session grain's group commit, driven write by write: no grain, so each step is observable.</summary>
[Trait("Category", "Grain")]
public sealed class GroupCommitTests
{
    private readonly List<TaskCompletionSource> _writes = [];
    private int _reloads;
    private readonly FakeTimeProvider _time = new();
    private readonly GroupCommit _commit;

    public GroupCommitTests() => _commit = new GroupCommit(
        () => { var w = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously); lock (_writes) _writes.Add(w); return w.Task; },
        () => { Interlocked.Increment(ref _reloads); return Task.CompletedTask; },
        _time);

    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(100);

    [Fact]
    public async Task ChangesMadeDuringAWrite_ShareTheNextWrite_AndReturnOnlyWhenItIsDone()
    {
        var first = _commit.SaveAsync();
        var queued = Enumerable.Range(0, 50).Select(_ => _commit.SaveAsync()).ToList();
        Assert.Single(_writes);
        Assert.Same(queued[0], queued[49]);

        _writes[0].SetResult();
        await first;
        await WaitForWritesAsync(2);
        Assert.False(queued[0].IsCompleted); // its change is not durable before the second write is
        _writes[1].SetResult();
        await Task.WhenAll(queued);
        Assert.Equal(2, _commit.Writes);
        Assert.Equal(0, _reloads);
    }

    [Fact]
    public async Task AFailedWrite_ReloadsAndFailsEveryCallerWhoseChangeTheReloadDropped()
    {
        var first = _commit.SaveAsync();
        var queued = _commit.SaveAsync();
        _writes[0].SetException(new IOException("storage down"));

        await Assert.ThrowsAsync<IOException>(() => first);
        await Assert.ThrowsAsync<IOException>(() => queued);
        Assert.Equal(1, _reloads);
        Assert.Single(_writes); // the queued batch was not written on top of the reloaded state

        var after = _commit.SaveAsync(); // the next change starts a fresh write
        await WaitForWritesAsync(2);
        _writes[1].SetResult();
        await after;
    }

    [Fact]
    public async Task AFailedQueuedWrite_FailsItsBatchButNotTheOneBefore()
    {
        var first = _commit.SaveAsync();
        var queued = _commit.SaveAsync();
        _writes[0].SetResult();
        await first;
        await WaitForWritesAsync(2);
        _writes[1].SetException(new IOException("storage down"));

        await Assert.ThrowsAsync<IOException>(() => queued);
        Assert.Equal(1, _reloads);
    }

    [Fact]
    public async Task SpacedSaves_ShareOneWritePerSpacing_AndEachReturnsOnlyOnceDurable()
    {
        var first = _commit.SaveSpacedAsync(Spacing); // nothing written before: starts at once
        Assert.Single(_writes);
        _writes[0].SetResult();
        await first;

        var taps = Enumerable.Range(0, 20).Select(_ => _commit.SaveSpacedAsync(Spacing)).ToList();
        Assert.Single(_writes); // 100 ms have not passed since the first write started
        Assert.All(taps, t => Assert.False(t.IsCompleted));

        _time.Advance(Spacing);
        await WaitForWritesAsync(2);
        Assert.All(taps, t => Assert.False(t.IsCompleted)); // waiting for the write, not for the clock
        _writes[1].SetResult();
        await Task.WhenAll(taps);
        Assert.Equal(2, _commit.Writes);
    }

    [Fact]
    public async Task APlainSave_StartsAWaitingSpacedWriteAtOnce_AndBothRideIt()
    {
        var first = _commit.SaveAsync();
        _writes[0].SetResult();
        await first;
        var tap = _commit.SaveSpacedAsync(Spacing);
        Assert.Single(_writes);

        var vote = _commit.SaveAsync(); // a vote does not wait for the reactions' spacing
        await WaitForWritesAsync(2);
        Assert.Same(tap, vote);
        _writes[1].SetResult();
        await vote;
        Assert.Equal(2, _commit.Writes);
    }

    [Fact]
    public async Task ASpacedSaveDuringAWrite_RidesTheNextWriteWithoutWaitingForTheClock()
    {
        var first = _commit.SaveAsync();
        var tap = _commit.SaveSpacedAsync(Spacing);
        _writes[0].SetResult();
        await first;

        await WaitForWritesAsync(2); // no Advance: a change made during a write goes out right after it
        _writes[1].SetResult();
        await tap;
    }

    private async Task WaitForWritesAsync(int count)
    {
        for (var i = 0; i < 200 && _writes.Count < count; i++) await Task.Delay(10);
        Assert.Equal(count, _writes.Count);
    }
}
