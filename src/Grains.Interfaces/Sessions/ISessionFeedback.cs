using Orleans.Concurrency;

namespace Live.Sessions;

/// <summary>What the room tells the host: polls and votes, and reactions.</summary>
[Alias("Live.ISessionFeedback")]
public interface ISessionFeedback : IGrainWithStringKey
{
    /// <summary>A host opens a poll; returns it with its id.</summary>
    [Alias("OpenPoll")] Task<PollView> OpenPollAsync(string hostId, string question, IReadOnlyList<string> options, bool multiple, bool observersMayVote);

    /// <summary>
    /// Casts or replaces a participant's vote; the same vote again changes nothing. Interleaves with the session's other
    /// calls so that the votes of a whole room share a few state writes (the grain's group commit) instead of queueing
    /// behind one write each; it changes nothing but the poll's ballots, and returns once its ballot is durable.
    /// </summary>
    [AlwaysInterleave, Alias("Vote")] Task<PollView> VoteAsync(string participantId, string pollId, IReadOnlyList<int> choice);

    /// <summary>A host closes a poll; no more votes.</summary>
    [Alias("ClosePoll")] Task<PollView> ClosePollAsync(string hostId, string pollId);

    /// <summary>A host shows a poll's results to guests.</summary>
    [Alias("RevealPoll")] Task<PollView> RevealPollAsync(string hostId, string pollId);

    /// <summary>
    /// Counts one reaction and returns once it is durable (within about a publishing tick: taps share one write per
    /// tick); totals go out at a bounded rate. Interleaves like <see cref="VoteAsync"/>; it changes nothing but the
    /// reaction counts.
    /// </summary>
    [AlwaysInterleave, Alias("React")] Task ReactAsync(string participantId, string reaction);
}
