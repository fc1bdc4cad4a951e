using System.Text.Json;
using System.Text.Json.Serialization;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class HiddenObserverTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task EverythingObserversDo_NeverReachesARespondent()
    {
        var s = await SessionScenario.CreateAsync(Grains);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        var host = await s.JoinAsync(Role.Host, "Hana");
        await s.Session.GoLiveAsync(host);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var observer = await s.JoinAsync(Role.Observer, "Zelda Backroom");

        await s.Stage.NextPromptAsync(host);
        var poll = await s.Feedback.OpenPollAsync(host, "Which page?", ["Home", "Gifts"], multiple: false, observersMayVote: true);
        await s.Feedback.VoteAsync(observer, poll.Id, [1]);
        await s.Feedback.VoteAsync(riley, poll.Id, [0]);
        await s.Feedback.ReactAsync(observer, "🤔");
        await s.Backroom.ChatAsync(observer, "Zelda says: she hesitated at checkout");
        await s.Backroom.AddNoteAsync(observer, "Zelda's note: price anxiety");
        await s.Feedback.ClosePollAsync(host, poll.Id);
        var revealed = await s.Feedback.RevealPollAsync(host, poll.Id);
        await s.Lobby.SetPresenceAsync(observer, false);
        await s.Lobby.RemoveAsync(host, observer);
        // A respondent admitted now is announced on a publishing tick after everything above: once their roster entry
        // is in, every event the observer's doings could cause has been published.
        var published = await ProbeAsync(s, host, events);

        // What the respondent's page could ever receive: events for everyone, events for them, and their snapshot.
        var reachable = published.Where(e => e.Audience == Audience.Everyone || (e.Audience == Audience.Participant && e.ParticipantId == riley))
            .Select(e => JsonSerializer.Serialize(e.Data, Json)).ToList();
        reachable.Add(JsonSerializer.Serialize(await s.Session.GetViewAsync(riley), Json));
        Assert.NotEmpty(reachable);
        foreach (var json in reachable)
        {
            Assert.DoesNotContain(observer, json);
            Assert.DoesNotContain("Zelda", json);
            Assert.DoesNotContain("\"Observer\"", json);
        }

        // Guests' results count guests only; staff see every vote.
        var guestView = (await s.Session.GetViewAsync(riley)).Polls.Single();
        Assert.Equal([1, 0], guestView.Tally);
        Assert.Equal(1, guestView.Voters);
        Assert.Equal([1, 1], revealed.Tally);
        // Staff do see the observer's activity.
        Assert.Contains(events.Events, e => e.Audience == Audience.Staff && JsonSerializer.Serialize(e.Data).Contains("Zelda"));
    }

    [Fact]
    public async Task ObserverJoining_SendsNoPublicRosterUpdate()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var rileyAnnounced = await events.WaitForAsync(e => e.Type == SessionEventTypes.Roster && Names(e).Contains(riley));
        var omar = await s.JoinAsync(Role.Observer, "Omar");
        await events.WaitForAsync(e => e.Type == SessionEventTypes.StaffRoster && Names(e).Contains(omar));

        var published = await ProbeAsync(s, host, events);
        // Between Riley's announcement and the probe's, nothing went to everyone: Omar's join sent no roster update.
        var toEveryone = published.Where(e => e.Seq > rileyAnnounced.Seq && e.Audience == Audience.Everyone).ToList();
        var probe = Assert.Single(toEveryone);
        Assert.DoesNotContain(omar, Names(probe));
    }

    [Fact]
    public async Task Observer_CannotPublishToTheRoom()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var observer = await s.JoinAsync(Role.Observer, "Omar");
        var poll = await s.Feedback.OpenPollAsync(host, "Q?", ["a", "b"], multiple: false, observersMayVote: false);
        await Refusal.ExpectAsync("not-voter", () => s.Feedback.VoteAsync(observer, poll.Id, [0]));
        await Refusal.ExpectAsync("not-host", () => s.Stage.ShowAdHocPromptAsync(observer, "Hello respondents"));
        await Refusal.ExpectAsync("not-guest", () => s.Recording.SetConsentAsync(observer, true));
        Assert.Equal([0, 0], (await s.Session.GetViewAsync(host)).Polls.Single().Tally);
    }

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// Admits a respondent and waits for their entry in an everyone-roster, published on a tick after every call the
    /// test made before; returns every event published up to it (<see cref="EventRecorder.ThroughAsync"/>).
    /// </summary>
    private static async Task<IReadOnlyList<SessionEvent>> ProbeAsync(SessionScenario s, string host, EventRecorder events)
    {
        var probe = await s.JoinAsync(Role.Respondent, "Probe", hostId: host);
        return await events.ThroughAsync(e => e.Type == SessionEventTypes.Roster && Names(e).Contains(probe));
    }

    private static List<string> Names(SessionEvent e) => [.. ((IReadOnlyList<RosterEntry>)e.Data!).Select(entry => entry.ParticipantId)];
}
