using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class ObserverListingTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task HundredFiftyObservers_StaffSnapshotListsTheFirstHundred_AndCountsAll()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var first = await JoinObserversAsync(s, 0, SessionLimits.ListedObservers);
        var later = await JoinObserversAsync(s, SessionLimits.ListedObservers, 50);

        var view = await s.Session.GetViewAsync(host);
        var listed = view.Roster.Where(e => e.Role == Role.Observer).Select(e => e.ParticipantId).ToHashSet();
        Assert.Equal(first.ToHashSet(), listed);
        Assert.DoesNotContain(later, listed.Contains);
        Assert.Contains(view.Roster, e => e.ParticipantId == host);
        Assert.Equal(150, view.ObserversPresent);
        // An observer's own snapshot is a staff one too.
        Assert.Equal(150, (await s.Session.GetViewAsync(later[0])).ObserversPresent);
    }

    [Fact]
    public async Task UnlistedObserverJoiningOrLeaving_SendsTheCount_NotARosterEntry()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        await JoinObserversAsync(s, 0, SessionLimits.ListedObservers);
        // The first hundred are published (entries and count) before the one that matters joins; from here on every
        // event is the unlisted observer's doing.
        await events.WaitForAsync(e => e.Type == SessionEventTypes.Observers && ((ObserverCount)e.Data!).Present == SessionLimits.ListedObservers);
        await events.WaitUntilAsync(all => all.Where(e => e.Type == SessionEventTypes.StaffRoster)
            .Sum(e => ((IReadOnlyList<RosterEntry>)e.Data!).Count(entry => entry.Role == Role.Observer)) >= SessionLimits.ListedObservers);
        var before = events.Events.Max(e => e.Seq);

        var unlisted = await s.JoinAsync(Role.Observer, "Observer 100");
        var joined = await events.WaitForAsync(e => e.Type == SessionEventTypes.Observers && ((ObserverCount)e.Data!).Present == 101);
        await s.Lobby.SetPresenceAsync(unlisted, false);
        var left = await events.WaitForAsync(e => e.Type == SessionEventTypes.Observers && ((ObserverCount)e.Data!).Present == 100);
        // A respondent admitted now is published on a later tick than the leave: up to their entry, everything the
        // unlisted observer caused has gone out.
        var probe = await s.JoinAsync(Role.Respondent, "Probe", hostId: host);
        var published = await events.ThroughAsync(e => e.Type == SessionEventTypes.Roster && Ids(e).Contains(probe));

        Assert.Equal(Audience.Staff, joined.Audience);
        Assert.Equal(Audience.Staff, left.Audience);
        var since = published.Where(e => e.Seq > before).ToList();
        Assert.DoesNotContain(since, e => e.Type == SessionEventTypes.StaffRoster && Ids(e).Contains(unlisted));
        // Besides the probe's own announcement (and the snapshot its admission sends it), only staff events; the stream
        // heartbeat (Audience.Gateways) may fall in this window too: gateways consume it and browsers never see it.
        Assert.DoesNotContain(since, e => e.Audience is Audience.Everyone && !(e.Type == SessionEventTypes.Roster && Ids(e).SequenceEqual([probe])));
        Assert.DoesNotContain(since, e => e.Audience is Audience.Participant && e.ParticipantId != probe);
        Assert.DoesNotContain(since, e => e.Audience is Audience.Hosts && e.Type != SessionEventTypes.Audit);
    }

    [Fact]
    public async Task ListedObserverJoining_SendsItsEntryAndTheCount()
    {
        var (s, _) = await SessionScenario.LiveAsync(Grains);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        var observer = await s.JoinAsync(Role.Observer, "Omar");
        await events.WaitForAsync(e => e.Type == SessionEventTypes.StaffRoster
            && ((IReadOnlyList<RosterEntry>)e.Data!).Any(entry => entry.ParticipantId == observer));
        var count = await events.WaitForAsync(e => e.Type == SessionEventTypes.Observers);
        Assert.Equal(1, ((ObserverCount)count.Data!).Present);
    }

    [Fact]
    public async Task Guest_NeverGetsTheObserverCount()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        await JoinObserversAsync(s, 0, SessionLimits.ListedObservers + 5);
        await events.WaitForAsync(e => e.Type == SessionEventTypes.Observers && ((ObserverCount)e.Data!).Present == SessionLimits.ListedObservers + 5);
        // Published on a tick after every observer's join: up to it, everything the joins caused has gone out.
        var probe = await s.JoinAsync(Role.Respondent, "Probe", hostId: host);
        await events.ThroughAsync(e => e.Type == SessionEventTypes.Roster && Ids(e).Contains(probe));

        var guestView = await s.Session.GetViewAsync(riley);
        Assert.Null(guestView.ObserversPresent);
        Assert.DoesNotContain(guestView.Roster, e => e.Role == Role.Observer);
        Assert.All(events.Events.Where(e => e.Type == SessionEventTypes.Observers), e => Assert.Equal(Audience.Staff, e.Audience));
        var guestReachable = events.Events.Where(e => e.Audience == Audience.Everyone || (e.Audience == Audience.Participant && e.ParticipantId == riley));
        Assert.DoesNotContain(guestReachable, e => e.Data is ObserverCount || e.Data is SessionView { ObserversPresent: not null });
    }

    /// <summary>Joins observers concurrently in one batch, so every one of them joins after every earlier batch.</summary>
    private static async Task<string[]> JoinObserversAsync(SessionScenario s, int from, int count) =>
        await Task.WhenAll(Enumerable.Range(from, count).Select(i => s.JoinAsync(Role.Observer, $"Observer {i}")));

    private static List<string> Ids(SessionEvent e) => [.. ((IReadOnlyList<RosterEntry>)e.Data!).Select(entry => entry.ParticipantId)];
}
