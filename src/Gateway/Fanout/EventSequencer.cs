using System.Collections.Concurrent;
using Live.Sessions;

namespace Live.Gateway.Fanout;

/// <summary>
/// Puts each session's events back in the order the session published them, and says when one is missing. Orleans
/// delivers a grain's notifications to a client without acknowledgement and, across several silo connections, not
/// always in order (seen: event 10 before 9), so two track lists could arrive the wrong way round and leave browsers
/// with the older one. An event that arrives early waits for the ones before it, at most <see cref="GapTimeout"/>;
/// after that (or with a new stream: another activation) the gateway gives up on the gap and its browsers resync.
/// </summary>
/// <remarks>Events without a stream (<see cref="SessionEvent.Stream"/> 0) pass straight through.</remarks>
public sealed class EventSequencer(TimeProvider clock)
{
    /// <summary>How long an early event waits for a missing one before the gateway gives up on it.</summary>
    public static readonly TimeSpan GapTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>Events held behind a gap at most, however young the gap.</summary>
    public const int MaxHeld = 256;

    private readonly ConcurrentDictionary<string, SessionStream> _sessions = new();

    /// <summary>What to do now: the events to route in this order, and whether the session's browsers must resync first.</summary>
    public readonly record struct Release(string SessionId, IReadOnlyList<SessionEvent> Ready, bool Resync);

    /// <summary>
    /// Takes one event as it arrives and hands <paramref name="deliver"/> what is now ready. The hand-over happens under
    /// the session's lock, so what the gap timer releases and what arrives meanwhile are queued in order.
    /// </summary>
    public void Accept(SessionEvent evt, Action<Release> deliver)
    {
        if (evt.Stream == 0)
        {
            deliver(new(evt.SessionId, [evt], false));
            return;
        }
        var stream = _sessions.GetOrAdd(evt.SessionId, id => new SessionStream(id, evt.Stream, evt.Seq));
        lock (stream) deliver(stream.Accept(evt, clock.GetTimestamp()));
    }

    /// <summary>Gives up on every gap older than <see cref="GapTimeout"/>, handing each such session's release to <paramref name="deliver"/>.</summary>
    public void ReleaseExpired(Action<Release> deliver)
    {
        foreach (var stream in _sessions.Values)
        {
            lock (stream)
            {
                if (stream.HeldSince is { } since && clock.GetElapsedTime(since) >= GapTimeout) deliver(stream.GiveUp());
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="post"/> (queuing a snapshot) if the snapshot is not older than what was already routed for
    /// its session: then every event routed after it is one the snapshot does not include or, at worst, one it does
    /// (re-applied in order, ending where the snapshot is). Returns false when the snapshot is older: fetch another.
    /// </summary>
    public bool PostIfCurrent(string sessionId, long stream, long seq, Action post)
    {
        if (!_sessions.TryGetValue(sessionId, out var current))
        {
            post();
            return true;
        }
        lock (current)
        {
            if (!current.Includes(stream, seq)) return false;
            post();
            return true;
        }
    }

    /// <summary>This gateway no longer follows the session.</summary>
    public void Forget(string sessionId) => _sessions.TryRemove(sessionId, out _);

    private sealed class SessionStream(string sessionId, long id, long next)
    {
        private readonly SortedDictionary<long, SessionEvent> _held = [];
        private readonly HashSet<long> _retired = [];
        private long _id = id, _next = next;

        public long? HeldSince { get; private set; }

        /// <summary>Whether a view at this place in a stream includes everything routed so far.</summary>
        public bool Includes(long stream, long seq) => stream == _id ? seq >= _next - 1 : !_retired.Contains(stream);

        public Release Accept(SessionEvent evt, long now)
        {
            if (evt.Stream != _id)
            {
                if (_retired.Contains(evt.Stream)) return new(sessionId, [], false); // a straggler of an activation already replaced
                // Another activation (a silo died, the grain moved): what the old one still had in flight is lost, and
                // the browsers resync. The new stream starts at 1, so its first events wait for each other in order.
                var flushed = _held.Values.ToList();
                _retired.Add(_id);
                _id = evt.Stream;
                _next = 1;
                _held.Clear();
                HeldSince = null;
                var first = Accept(evt, now);
                return first with { Ready = [.. flushed, .. first.Ready], Resync = true };
            }
            if (evt.Seq < _next) return new(sessionId, [], true); // after the gateway gave up on it: the resync covers it
            _held[evt.Seq] = evt;
            var ready = new List<SessionEvent>();
            while (_held.Remove(_next, out var e))
            {
                ready.Add(e);
                _next++;
            }
            if (_held.Count == 0) HeldSince = null;
            else if (ready.Count > 0 || HeldSince is null) HeldSince = now;
            return _held.Count > MaxHeld ? Merge(ready, GiveUp()) : new(sessionId, ready, false);
        }

        /// <summary>Stops waiting for the missing events: releases what was held, in order; the browsers must resync.</summary>
        public Release GiveUp()
        {
            var held = _held.Values.ToList();
            if (held.Count > 0) _next = held[^1].Seq + 1;
            _held.Clear();
            HeldSince = null;
            return new(sessionId, held, true);
        }

        private static Release Merge(List<SessionEvent> ready, Release rest) => rest with { Ready = [.. ready, .. rest.Ready] };
    }
}
