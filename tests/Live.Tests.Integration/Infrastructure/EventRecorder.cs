using System.Collections.Concurrent;
using Live.Sessions;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>Stands in for a gateway: subscribes to a session and keeps every event it is sent.</summary>
public sealed class EventRecorder : ISessionObserver
{
    private readonly ConcurrentQueue<SessionEvent> _events = new();

    public IReadOnlyList<SessionEvent> Events => [.. _events];

    public Task OnEventAsync(SessionEvent evt)
    {
        _events.Enqueue(evt);
        return Task.CompletedTask;
    }

    public static async Task<EventRecorder> SubscribeAsync(IGrainFactory grains, string sessionId)
    {
        var recorder = new EventRecorder();
        var reference = grains.CreateObjectReference<ISessionObserver>(recorder);
        recorder._reference = reference;
        await grains.GetGrain<ISessionGrain>(sessionId).SubscribeAsync(reference);
        return recorder;
    }

    // Kept so the reference is not collected while the test runs.
    private ISessionObserver? _reference;

    /// <summary>Waits until an event matching <paramref name="match"/> has arrived.</summary>
    public async Task<SessionEvent> WaitForAsync(Func<SessionEvent, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var found = _events.FirstOrDefault(match);
            if (found is not null) return found;
            await Task.Delay(20);
        }
        throw new TimeoutException("The expected event did not arrive.");
    }

    /// <summary>
    /// The positive signal that lets a test assert that something did <em>not</em> happen: waits for the event matching
    /// <paramref name="marker"/> (caused by the test after the action under test, and published on a later tick), then
    /// until every event the grain published before it has arrived too (sequence numbers without a gap), and returns
    /// them in publishing order up to and including the marker. Whatever the action caused is in that list.
    /// </summary>
    public async Task<IReadOnlyList<SessionEvent>> ThroughAsync(Func<SessionEvent, bool> marker, TimeSpan? timeout = null)
    {
        var found = await WaitForAsync(marker, timeout);
        List<SessionEvent> through = [];
        await WaitUntilAsync(all =>
        {
            through = [.. all.Where(e => e.Stream == found.Stream && e.Seq <= found.Seq).OrderBy(e => e.Seq)];
            return through.Count > 0 && through[^1].Seq - through[0].Seq + 1 == through.Count;
        }, timeout);
        return through;
    }

    /// <summary>Waits until the events received so far satisfy <paramref name="condition"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<SessionEvent>, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (condition(Events)) return;
            await Task.Delay(20);
        }
        throw new TimeoutException("The expected events did not arrive.");
    }
}
