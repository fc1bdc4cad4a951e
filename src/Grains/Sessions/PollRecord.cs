using Live.Sessions;

namespace Live.Grains.Sessions;

/// <summary>A poll and its votes: at most one vote per participant, replaced on a repeat.</summary>
[GenerateSerializer, Alias("Live.PollRecord")]
public sealed class PollRecord
{
    [Id(0)] public string Id { get; set; } = "";
    [Id(1)] public string Question { get; set; } = "";
    [Id(2)] public List<string> Options { get; set; } = [];
    [Id(3)] public bool Multiple { get; set; }
    [Id(4)] public bool ObserversMayVote { get; set; }
    [Id(5)] public bool Open { get; set; }
    [Id(6)] public bool Revealed { get; set; }
    [Id(7)] public Dictionary<string, int[]> Votes { get; set; } = [];
    [Id(8)] public long OpenedAtMs { get; set; }
    [Id(9)] public long? ClosedAtMs { get; set; }
    [Id(10)] public long? RevealedAtMs { get; set; }

    /// <summary>Counts per option over the votes <paramref name="counts"/> accepts.</summary>
    public int[] Tally(Func<string, bool> counts)
    {
        var tally = new int[Options.Count];
        foreach (var (voter, choice) in Votes)
        {
            if (!counts(voter)) continue;
            foreach (var option in choice) tally[option]++;
        }
        return tally;
    }
}
