using Live.Gateway.Fanout;
using Live.Sessions;
using Microsoft.Extensions.Time.Testing;

namespace Live.Tests.Integration.Gateway;

/// <summary>Each session's events back in publishing order at the gateway, and a resync when one never comes.</summary>
[Trait("Category", "Gateway")]
public sealed class EventSequencerTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly EventSequencer _sequencer;

    public EventSequencerTests() => _sequencer = new EventSequencer(_clock);

    [Fact]
    public void InOrder_PassesStraightThrough()
    {
        Assert.Equal([1], Seqs(Accept(1, 1)));
        Assert.Equal([2], Seqs(Accept(1, 2)));
        Assert.False(Accept(1, 3).Resync);
    }

    [Fact]
    public void AnEarlyEvent_WaitsForTheOneBeforeIt_ThenBothGoInOrder()
    {
        Accept(1, 8);
        var early = Accept(1, 10);
        Assert.Empty(early.Ready);
        var late = Accept(1, 9);
        Assert.Equal([9, 10], Seqs(late));
        Assert.False(late.Resync);
        Assert.Empty(Expired());
    }

    [Fact]
    public void AnEventThatNeverComes_AfterTheTimeout_HeldOnesGoOutAndBrowsersResync()
    {
        Accept(1, 1);
        Accept(1, 3);
        Accept(1, 4);
        _clock.Advance(EventSequencer.GapTimeout - TimeSpan.FromMilliseconds(1));
        Assert.Empty(Expired());

        _clock.Advance(TimeSpan.FromMilliseconds(1));
        var release = Assert.Single(Expired());
        Assert.Equal([3, 4], Seqs(release));
        Assert.True(release.Resync);
        Assert.Equal([5], Seqs(Accept(1, 5))); // the stream goes on from there
        var straggler = Accept(1, 2); // too late: the resync has covered it
        Assert.Empty(straggler.Ready);
        Assert.True(straggler.Resync);
    }

    [Fact]
    public void ANewStream_ResyncsAndIgnoresTheOldOnesStragglers()
    {
        Accept(1, 5);
        Accept(1, 7); // held: 6 never comes, the activation died
        var fresh = Accept(2, 1);
        Assert.Equal([(1L, 7L), (2L, 1L)], fresh.Ready.Select(e => (e.Stream, e.Seq)));
        Assert.True(fresh.Resync);

        Assert.Empty(Accept(1, 6).Ready); // from the replaced activation: dropped
        Assert.Equal([2], Seqs(Accept(2, 2)));
    }

    [Fact]
    public void ANewStreamsFirstEvents_WaitForEachOther()
    {
        Accept(1, 5);
        var second = Accept(2, 2); // the new activation's 2 came before its 1
        Assert.True(second.Resync);
        Assert.Empty(second.Ready);
        Assert.Equal([1, 2], Seqs(Accept(2, 1)));
    }

    [Fact]
    public void TooManyHeld_GivesUpWithoutWaitingForTheTimeout()
    {
        Accept(1, 1);
        EventSequencer.Release last = default;
        for (var seq = 3; seq <= EventSequencer.MaxHeld + 3; seq++) last = Accept(1, seq);
        Assert.True(last.Resync);
        Assert.Equal(EventSequencer.MaxHeld + 1, last.Ready.Count);
    }

    [Fact]
    public void SessionsAreIndependent_AndUnnumberedEventsPassThrough()
    {
        Accept(1, 1, "a");
        Accept(1, 3, "a");
        Assert.Equal([1], Seqs(Accept(4, 1, "b")));
        var unnumbered = Accept(new SessionEvent("a", Audience.Everyone, SessionEventTypes.Poll, null));
        Assert.Single(unnumbered.Ready);
    }

    private EventSequencer.Release Accept(long stream, long seq, string session = "s1") =>
        Accept(new SessionEvent(session, Audience.Everyone, SessionEventTypes.Poll, null) { Stream = stream, Seq = seq });

    private EventSequencer.Release Accept(SessionEvent evt)
    {
        var releases = new List<EventSequencer.Release>();
        _sequencer.Accept(evt, releases.Add);
        return Assert.Single(releases);
    }

    private List<EventSequencer.Release> Expired()
    {
        var releases = new List<EventSequencer.Release>();
        _sequencer.ReleaseExpired(releases.Add);
        return releases;
    }

    private static long[] Seqs(EventSequencer.Release release) => [.. release.Ready.Select(e => e.Seq)];
}
