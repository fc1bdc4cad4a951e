using System.Collections.Concurrent;

namespace Live.Bench.PlainHub;

/// <summary>Every room's polls and reaction totals, in memory; the plain counterpart of Live's session grains.</summary>
public sealed class PlainRooms
{
    private readonly ConcurrentDictionary<string, PlainRoom> _rooms = new();

    public PlainRoom Get(string roomId) => _rooms.GetOrAdd(roomId, id => new PlainRoom(id));

    public IEnumerable<PlainRoom> All => _rooms.Values;
}

/// <summary>One room: its polls (one lock guards them all, as one grain activation would) and reaction totals.</summary>
public sealed class PlainRoom(string id)
{
    private readonly Lock _gate = new();
    private readonly List<PlainPoll> _polls = [];
    private readonly HashSet<string> _dirtyPolls = [];
    private readonly Dictionary<string, long> _reactions = [];
    private bool _reactionsDirty;

    public string Id { get; } = id;

    public PollView Open(string question, string[] options, bool multiple, bool observersMayVote)
    {
        lock (_gate)
        {
            var poll = new PlainPoll($"poll_{_polls.Count + 1}", question, options, multiple, observersMayVote);
            _polls.Add(poll);
            return poll.View();
        }
    }

    public PollView? Vote(string voterId, string pollId, int[] choice)
    {
        lock (_gate)
        {
            var poll = _polls.Find(p => p.Id == pollId);
            if (poll is null || choice.Length == 0 || choice.Any(c => c < 0 || c >= poll.Options.Length)) return null;
            poll.Votes[voterId] = choice;
            _dirtyPolls.Add(pollId);
            return poll.View();
        }
    }

    public void React(string emoji)
    {
        lock (_gate)
        {
            _reactions[emoji] = _reactions.GetValueOrDefault(emoji) + 1;
            _reactionsDirty = true;
        }
    }

    public List<PollView> Polls()
    {
        lock (_gate) return _polls.Select(p => p.View()).ToList();
    }

    /// <summary>What changed since the last tick: the dirty polls' tallies and the reaction totals, if touched.</summary>
    public (List<PollView> Tallies, Dictionary<string, long>? Reactions) TakeChanges()
    {
        lock (_gate)
        {
            var tallies = _polls.Where(p => _dirtyPolls.Contains(p.Id)).Select(p => p.View()).ToList();
            _dirtyPolls.Clear();
            var reactions = _reactionsDirty ? new Dictionary<string, long>(_reactions) : null;
            _reactionsDirty = false;
            return (tallies, reactions);
        }
    }
}

/// <summary>A poll and its votes, one per voter (a repeat replaces).</summary>
public sealed class PlainPoll(string id, string question, string[] options, bool multiple, bool observersMayVote)
{
    public string Id { get; } = id;
    public string[] Options { get; } = options;
    public Dictionary<string, int[]> Votes { get; } = [];

    public PollView View()
    {
        var tally = new int[Options.Length];
        foreach (var choice in Votes.Values)
            foreach (var c in choice) tally[c]++;
        return new PollView(Id, question, Options, multiple, true, false, tally, null, observersMayVote, Votes.Count);
    }
}

/// <summary>The same JSON shape as Live's PollView, so both peers send payloads of the same size.</summary>
public sealed record PollView(
    string Id, string Question, IReadOnlyList<string> Options, bool Multiple, bool Open, bool Revealed,
    IReadOnlyList<int>? Tally, IReadOnlyList<int>? MyChoice, bool ObserversMayVote, int Voters);
