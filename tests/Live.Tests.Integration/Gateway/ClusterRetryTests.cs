using Live.Gateway.Presence;
using Live.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Live.Tests.Integration.Gateway;

/// <summary>The retry that keeps a browser's disconnect from being lost while a silo has just died.</summary>
[Trait("Category", "Grain")]
public sealed class ClusterRetryTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task CallRejectedByADeadSilo_IsTriedAgainUntilItGoesThrough()
    {
        var attempts = 0;
        var run = ClusterRetry.RunAsync(() => ++attempts < 3
            ? throw new SiloUnavailableException("Unable to connect to S127.0.0.1:46789")
            : Task.CompletedTask, _time);

        await AdvanceUntilAsync(run);

        await run;
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task RuleRefusal_IsAnAnswer_NotRetried()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<SessionRuleException>(() => ClusterRetry.RunAsync(() =>
        {
            attempts++;
            throw new SessionRuleException("not-admitted", "no");
        }, _time));
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task ClusterGoneForGood_GivesUpAfterTheLastWait()
    {
        var attempts = 0;
        var run = ClusterRetry.RunAsync(() => { attempts++; throw new SiloUnavailableException(); }, _time);

        await AdvanceUntilAsync(run);

        await Assert.ThrowsAsync<SiloUnavailableException>(() => run);
        Assert.Equal(ClusterRetry.Waits.Count + 1, attempts);
    }

    private async Task AdvanceUntilAsync(Task run)
    {
        for (var i = 0; i < 100 && !run.IsCompleted; i++)
        {
            await Task.Delay(5);
            _time.Advance(TimeSpan.FromSeconds(1));
        }
    }
}
