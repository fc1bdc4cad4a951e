using Live.Grains.Infrastructure;
using Live.Sessions;

namespace Live.Grains.Sessions;

// Polls, votes and reactions. Votes are written before they are acknowledged; tallies and reaction
// totals go out on the publishing tick, so a storm of taps costs one message per tick.
public sealed partial class SessionGrain
{
    // A participant taps at most this fast; a burst allows a quick double tap.
    private const double ReactionsPerSecond = 5, ReactionBurst = 10;
    private const double VotesPerSecond = 5, VoteBurst = 10;

    public async Task<PollView> OpenPollAsync(string hostId, string question, IReadOnlyList<string> options, bool multiple, bool observersMayVote)
    {
        var host = RequireHost(hostId);
        RequireLive();
        var text = Input.Text(question, SessionLimits.MaxPromptLength, "Question");
        if (options is null || options.Count < SessionLimits.MinPollOptions || options.Count > SessionLimits.MaxPollOptions)
            throw Input.Invalid($"A poll has {SessionLimits.MinPollOptions} to {SessionLimits.MaxPollOptions} options.");
        var cleaned = options.Select(o => Input.Text(o, SessionLimits.MaxOptionLength, "Option")).ToList();
        if (S.Polls.Count >= SessionLimits.MaxPolls) throw Refuse("too-many-polls", $"A session has at most {SessionLimits.MaxPolls} polls.");

        var poll = new PollRecord
        {
            Id = NewId("poll"),
            Question = text,
            Options = cleaned,
            Multiple = multiple,
            ObserversMayVote = observersMayVote,
            Open = true,
            OpenedAtMs = ClockMs(),
        };
        S.Polls.Add(poll);
        await SaveAsync();
        PublishPoll(poll);
        return PollFor(poll, host);
    }

    public async Task<PollView> VoteAsync(string participantId, string pollId, IReadOnlyList<int> choice)
    {
        var voter = Admitted(participantId);
        RequireLive();
        var poll = Poll(pollId);
        if (voter.Role == Role.Host) throw Refuse("not-voter", "Hosts run polls; they do not vote.");
        if (voter.Role == Role.Observer && !poll.ObserversMayVote) throw Refuse("not-voter", "Observers may not vote in this poll.");
        if (!poll.Open) throw Refuse("poll-closed", "This poll is closed.");
        var picked = ValidChoice(poll, choice);

        if (poll.Votes.TryGetValue(voter.Id, out var previous) && previous.AsSpan().SequenceEqual(picked))
            return PollFor(poll, voter); // a replay changes nothing
        RequireRate(voter.Id, "vote", VotesPerSecond, VoteBurst);
        poll.Votes[voter.Id] = picked;
        await SaveAsync();
        SessionMetrics.Votes.Inc();
        _dirtyPolls.Add(poll.Id);
        return PollFor(poll, voter);
    }

    public async Task<PollView> ClosePollAsync(string hostId, string pollId)
    {
        var host = RequireHost(hostId);
        RequireLive();
        var poll = Poll(pollId);
        if (!poll.Open) throw Refuse("poll-closed", "This poll is already closed.");
        poll.Open = false;
        poll.ClosedAtMs = ClockMs();
        Webhook(Live.Webhooks.WebhookEventTypes.PollClosed, PollWebhookData(poll));
        await SaveAsync();
        _dirtyPolls.Add(poll.Id);
        PublishPoll(poll);
        return PollFor(poll, host);
    }

    public async Task<PollView> RevealPollAsync(string hostId, string pollId)
    {
        var host = RequireHost(hostId);
        RequireLive();
        var poll = Poll(pollId);
        if (poll.Revealed) throw Refuse("poll-revealed", "These results are already shown.");
        poll.Revealed = true;
        poll.RevealedAtMs = ClockMs();
        await SaveAsync();
        PublishPoll(poll);
        return PollFor(poll, host);
    }

    public async Task ReactAsync(string participantId, string reaction)
    {
        var p = Admitted(participantId);
        RequireLive();
        if (!SessionLimits.Reactions.Contains(reaction)) throw Input.Invalid("Unknown reaction.");
        RequireRate(p.Id, "react", ReactionsPerSecond, ReactionBurst);
        S.Reactions[reaction] = S.Reactions.GetValueOrDefault(reaction) + 1;
        var second = ClockMs() / 1000 * 1000;
        if (!S.ReactionSeconds.TryGetValue(second, out var counts)) S.ReactionSeconds[second] = counts = [];
        counts[reaction] = counts.GetValueOrDefault(reaction) + 1;
        SessionMetrics.Reactions.Inc();
        _reactionsToPublish = true;
        // A room tapping away costs at most one write per publishing tick; each tap still returns once it is durable.
        await _commit.SaveSpacedAsync(PublishInterval);
    }

    private PollRecord Poll(string pollId) =>
        S.Polls.FirstOrDefault(p => p.Id == pollId) ?? throw Refuse("unknown-poll", "There is no such poll.");

    private static int[] ValidChoice(PollRecord poll, IReadOnlyList<int>? choice)
    {
        if (choice is null || choice.Count == 0) throw Input.Invalid("Pick an option.");
        if (!poll.Multiple && choice.Count != 1) throw Input.Invalid("This poll takes one option.");
        if (choice.Any(i => i < 0 || i >= poll.Options.Count)) throw Refuse("unknown-option", "That option is not in this poll.");
        if (choice.Distinct().Count() != choice.Count) throw Input.Invalid("Each option can be picked once.");
        return [.. choice.Order()];
    }

    /// <summary>Guests' results count only guests' votes: observers' votes would reveal that observers exist.</summary>
    private bool CountsForGuests(string voterId) =>
        S.Participants.TryGetValue(voterId, out var voter) && voter.Role != Role.Observer;

    private PollView PollFor(PollRecord poll, ParticipantRecord viewer)
    {
        var staff = viewer.Role.IsStaff();
        int[]? tally = staff ? poll.Tally(_ => true) : poll.Revealed ? poll.Tally(CountsForGuests) : null;
        var voters = staff ? poll.Votes.Count : poll.Votes.Keys.Count(CountsForGuests);
        return new PollView(poll.Id, poll.Question, poll.Options, poll.Multiple, poll.Open, poll.Revealed, tally,
            poll.Votes.GetValueOrDefault(viewer.Id), staff && poll.ObserversMayVote, staff || poll.Revealed ? voters : 0);
    }

    /// <summary>What everyone sees of a poll (guest-safe: no tally before reveal, never observers' votes).</summary>
    private PollView PublicPoll(PollRecord poll)
    {
        var tally = poll.Revealed ? poll.Tally(CountsForGuests) : null;
        return new PollView(poll.Id, poll.Question, poll.Options, poll.Multiple, poll.Open, poll.Revealed, tally, null, false,
            poll.Revealed ? poll.Votes.Keys.Count(CountsForGuests) : 0);
    }

    private PollView StaffPoll(PollRecord poll) =>
        new(poll.Id, poll.Question, poll.Options, poll.Multiple, poll.Open, poll.Revealed, poll.Tally(_ => true), null,
            poll.ObserversMayVote, poll.Votes.Count);

    private void PublishPoll(PollRecord poll)
    {
        Publish(Audience.Everyone, SessionEventTypes.Poll, PublicPoll(poll));
        Publish(Audience.Staff, SessionEventTypes.Tally, StaffPoll(poll));
    }
}
