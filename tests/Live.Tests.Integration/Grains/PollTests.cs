using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Orleans.Core.Internal;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class PollTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Vote_RepeatReplacesAndReplayChangesNothing()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var sam = await s.JoinAsync(Role.Respondent, "Sam", hostId: host);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        var poll = await s.Feedback.OpenPollAsync(host, "Which page?", ["Home", "Gifts", "Cart"], multiple: false, observersMayVote: false);

        await s.Feedback.VoteAsync(riley, poll.Id, [0]);
        var replaced = await s.Feedback.VoteAsync(riley, poll.Id, [2]);
        Assert.Equal([2], replaced.MyChoice);
        // The tally of the replaced vote goes out first; it is the last one that may come before the replay.
        var settled = await events.WaitForAsync(e => e.Type == SessionEventTypes.Tally && ((PollView)e.Data!).Tally!.SequenceEqual([0, 0, 1]));
        var replayed = await s.Feedback.VoteAsync(riley, poll.Id, [2]);
        Assert.Equal([2], replayed.MyChoice);
        var tally = (await s.Session.GetViewAsync(host)).Polls.Single();
        Assert.Equal([0, 0, 1], tally.Tally);
        Assert.Equal(1, tally.Voters);

        // Sam's vote is published on a tick after the replay: the only tally since the settled one must be Sam's.
        await s.Feedback.VoteAsync(sam, poll.Id, [1]);
        var published = await events.ThroughAsync(e => e.Type == SessionEventTypes.Tally && ((PollView)e.Data!).Voters == 2);
        var since = published.Where(e => e.Seq > settled.Seq && e.Type == SessionEventTypes.Tally).ToList();
        Assert.Equal([0, 1, 1], ((PollView)Assert.Single(since).Data!).Tally);
    }

    [Fact]
    public async Task Vote_ManyRespondents_TalliesReachStaffOnly()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var voters = new List<string>();
        for (var i = 0; i < 8; i++) voters.Add(await s.JoinAsync(Role.Respondent, $"R{i}", hostId: host));
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        var poll = await s.Feedback.OpenPollAsync(host, "Pick", ["A", "B"], multiple: false, observersMayVote: false);
        await Task.WhenAll(voters.Select((v, i) => s.Feedback.VoteAsync(v, poll.Id, [i % 2])));

        var tally = await events.WaitForAsync(e => e.Type == SessionEventTypes.Tally && ((PollView)e.Data!).Voters == 8);
        Assert.Equal(Audience.Staff, tally.Audience);
        Assert.Equal([4, 4], ((PollView)tally.Data!).Tally);
        Assert.All(events.Events.Where(e => e.Type == SessionEventTypes.Poll), e => Assert.Null(((PollView)e.Data!).Tally));
        Assert.Null((await s.Session.GetViewAsync(voters[0])).Polls.Single().Tally);
    }

    [Fact]
    public async Task VoteStorm_EveryVoteCounted_InFarFewerWritesThanVotes()
    {
        const int voters = 400;
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var observers = await Task.WhenAll(Enumerable.Range(0, voters).Select(i => s.JoinAsync(Role.Observer, $"O{i}")));
        var poll = await s.Feedback.OpenPollAsync(host, "Pick", ["A", "B", "C"], multiple: false, observersMayVote: true);

        var writesBefore = fixture.SessionWrites(s.Id);
        var acks = await Task.WhenAll(observers.Select((o, i) => s.Feedback.VoteAsync(o, poll.Id, [i % 3])));
        var writes = fixture.SessionWrites(s.Id) - writesBefore;

        Assert.All(acks.Select((a, i) => (a, i)), x => Assert.Equal([x.i % 3], x.a.MyChoice));
        Assert.Equal([134, 133, 133], (await s.Session.GetViewAsync(host)).Polls.Single().Tally);
        Assert.True(writes < voters / 4, $"{voters} votes took {writes} state writes");
        await s.Session.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        Assert.Equal(voters, (await s.Session.GetViewAsync(host)).Polls.Single().Voters); // durable, not just in memory
    }

    [Fact]
    public async Task VotesRacingTheClose_EitherCountedOrRefused_NeverAcknowledgedAndLost()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var observers = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => s.JoinAsync(Role.Observer, $"O{i}")));
        var poll = await s.Feedback.OpenPollAsync(host, "Pick", ["A", "B"], multiple: false, observersMayVote: true);

        var votes = observers.Select(o => Outcome(s.Feedback.VoteAsync(o, poll.Id, [0]))).ToList();
        var close = s.Feedback.ClosePollAsync(host, poll.Id);
        var outcomes = await Task.WhenAll(votes);
        await close;

        var refused = outcomes.Where(o => o is not null).ToList();
        Assert.All(refused, code => Assert.Equal("poll-closed", code));
        var tally = (await s.Session.GetViewAsync(host)).Polls.Single().Tally!;
        Assert.Equal(outcomes.Count(o => o is null), tally[0]);
    }

    private static async Task<string?> Outcome(Task<PollView> vote)
    {
        try { await vote; return null; }
        catch (SessionRuleException e) { return e.Code; }
    }

    [Fact]
    public async Task Multiple_AcceptsSeveralDistinctOptions()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var poll = await s.Feedback.OpenPollAsync(host, "Which apply?", ["Price", "Trust", "Speed"], multiple: true, observersMayVote: false);
        Assert.Equal([0, 2], (await s.Feedback.VoteAsync(riley, poll.Id, [2, 0])).MyChoice);
        await Refusal.ExpectAsync("invalid-input", () => s.Feedback.VoteAsync(riley, poll.Id, [1, 1]));
    }

    [Fact]
    public async Task Vote_BadChoices_RefusedAndVoteKept()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var poll = await s.Feedback.OpenPollAsync(host, "Pick one", ["A", "B"], multiple: false, observersMayVote: false);
        await s.Feedback.VoteAsync(riley, poll.Id, [1]);

        await Refusal.ExpectAsync("unknown-option", () => s.Feedback.VoteAsync(riley, poll.Id, [2]));
        await Refusal.ExpectAsync("unknown-option", () => s.Feedback.VoteAsync(riley, poll.Id, [-1]));
        await Refusal.ExpectAsync("invalid-input", () => s.Feedback.VoteAsync(riley, poll.Id, [0, 1]));
        await Refusal.ExpectAsync("invalid-input", () => s.Feedback.VoteAsync(riley, poll.Id, []));
        await Refusal.ExpectAsync("unknown-poll", () => s.Feedback.VoteAsync(riley, "poll-404", [0]));
        await Refusal.ExpectAsync("not-voter", () => s.Feedback.VoteAsync(host, poll.Id, [0]));
        Assert.Equal([0, 1], (await s.Session.GetViewAsync(host)).Polls.Single().Tally);
    }

    [Fact]
    public async Task ClosedPoll_RefusesVotesAndRevealShowsGuestsTheResults()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var sam = await s.JoinAsync(Role.Respondent, "Sam", hostId: host);
        var poll = await s.Feedback.OpenPollAsync(host, "Pick one", ["A", "B"], multiple: false, observersMayVote: false);
        await s.Feedback.VoteAsync(riley, poll.Id, [0]);
        await s.Feedback.ClosePollAsync(host, poll.Id);

        await Refusal.ExpectAsync("poll-closed", () => s.Feedback.VoteAsync(sam, poll.Id, [1]));
        await Refusal.ExpectAsync("poll-closed", () => s.Feedback.ClosePollAsync(host, poll.Id));
        Assert.Null((await s.Session.GetViewAsync(sam)).Polls.Single().Tally);

        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        await s.Feedback.RevealPollAsync(host, poll.Id);
        var revealed = await events.WaitForAsync(e => e.Type == SessionEventTypes.Poll && ((PollView)e.Data!).Revealed);
        Assert.Equal(Audience.Everyone, revealed.Audience);
        Assert.Equal([1, 0], ((PollView)revealed.Data!).Tally);
        Assert.Equal([1, 0], (await s.Session.GetViewAsync(sam)).Polls.Single().Tally);
    }

    [Fact]
    public async Task OpenPoll_BadShape_Refused()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        await Refusal.ExpectAsync("invalid-input", () => s.Feedback.OpenPollAsync(host, "Q?", ["only one"], false, false));
        await Refusal.ExpectAsync("invalid-input", () => s.Feedback.OpenPollAsync(host, "Q?", Enumerable.Range(0, 11).Select(i => $"o{i}").ToList(), false, false));
        await Refusal.ExpectAsync("invalid-input", () => s.Feedback.OpenPollAsync(host, "", ["a", "b"], false, false));
        await Refusal.ExpectAsync("invalid-input", () => s.Feedback.OpenPollAsync(host, "Q?", ["a", new string('b', 201)], false, false));
        Assert.Empty((await s.Session.GetViewAsync(host)).Polls);
    }

    [Fact]
    public async Task ObserverVote_AllowedOnlyWhenHostAllows()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var observer = await s.JoinAsync(Role.Observer, "Omar");
        var closed = await s.Feedback.OpenPollAsync(host, "Q1", ["a", "b"], multiple: false, observersMayVote: false);
        var open = await s.Feedback.OpenPollAsync(host, "Q2", ["a", "b"], multiple: false, observersMayVote: true);
        await Refusal.ExpectAsync("not-voter", () => s.Feedback.VoteAsync(observer, closed.Id, [0]));
        Assert.Equal([1], (await s.Feedback.VoteAsync(observer, open.Id, [1])).MyChoice);
    }
}
