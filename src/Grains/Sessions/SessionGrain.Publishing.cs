using Live.Sessions;

namespace Live.Grains.Sessions;

// Sending events to the gateways, and the tick that batches tallies and reaction totals.
public sealed partial class SessionGrain
{
    /// <summary>
    /// Tallies and reaction totals go out at most this often (ARCHITECTURE.md: ≤ 10 per second per session),
    /// so 10,000 observers tapping cost the same as ten.
    /// </summary>
    public static readonly TimeSpan PublishInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// A heartbeat follows the last event within this long, so a gateway that lost that event notices (the gap) and
    /// sends its browsers a fresh snapshot; with nothing new, one still goes out every <see cref="QuietHeartbeat"/>.
    /// </summary>
    public static readonly TimeSpan HeartbeatAfterActivity = TimeSpan.FromSeconds(1), QuietHeartbeat = TimeSpan.FromSeconds(10);

    private readonly HashSet<string> _dirtyPolls = [];
    private bool _reactionsToPublish;
    private readonly long _stream = Random.Shared.NextInt64(1, long.MaxValue);
    private long _seq, _seqAtHeartbeat;
    private long _lastHeartbeat;

    private void StartPublishing() =>
        this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(PublishInterval, PublishInterval) { KeepAlive = false });

    private Task FlushAsync(CancellationToken cancellationToken)
    {
        PublishRosterChanges();
        if (_reactionsToPublish)
        {
            _reactionsToPublish = false;
            Publish(Audience.Staff, SessionEventTypes.Reactions, new Dictionary<string, long>(S.Reactions));
        }
        if (_dirtyPolls.Count > 0)
        {
            foreach (var poll in S.Polls.Where(p => _dirtyPolls.Contains(p.Id)))
                Publish(Audience.Staff, SessionEventTypes.Tally, StaffPoll(poll));
            _dirtyPolls.Clear();
        }
        SendHeartbeatWhenDue();
        _ = HandOffWebhooksAsync();
        return Task.CompletedTask;
    }

    private void SendHeartbeatWhenDue()
    {
        var since = clock.GetElapsedTime(_lastHeartbeat);
        if (_seq == _seqAtHeartbeat ? since < QuietHeartbeat : since < HeartbeatAfterActivity) return;
        Publish(Audience.Gateways, SessionEventTypes.Heartbeat, null);
        _seqAtHeartbeat = _seq;
        _lastHeartbeat = clock.GetTimestamp();
    }

    private void Publish(Audience audience, string type, object? data, string? participantId = null)
    {
        var evt = new SessionEvent(SessionId, audience, type, data, participantId) { Stream = _stream, Seq = ++_seq };
        _gateways.Notify(gateway => gateway.OnEventAsync(evt));
    }
}
