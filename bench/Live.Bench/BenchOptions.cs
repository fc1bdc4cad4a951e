namespace Live.Bench;

/// <summary>What to run and how hard: parsed from the command line, with smoke defaults for CI.</summary>
public sealed record BenchOptions
{
    public required string Benchmark { get; init; }
    public bool Smoke { get; init; }
    /// <summary>Observer counts of the fan-out benchmark, one server run per count and peer.</summary>
    public IReadOnlyList<int> Observers { get; init; } = [1_000, 5_000, 10_000];
    /// <summary>Length of the fan-out measurement window.</summary>
    public int Seconds { get; init; } = 20;
    /// <summary>Respondents who vote on every poll and react, in the fan-out benchmark.</summary>
    public int Respondents { get; init; } = 20;
    /// <summary>Distinct voters of the vote storm.</summary>
    public int Voters { get; init; } = 10_000;
    /// <summary>Observers watching the vote storm's tally.</summary>
    public int StormObservers { get; init; } = 20;
    /// <summary>Connections opened per second while ramping up (bounded so that the ramp itself is not a storm).</summary>
    public int RampPerSecond { get; init; } = 500;
    /// <summary>Longest a ramp (connect and admit) may take before the run reports what it reached and moves on.</summary>
    public TimeSpan RampTimeout { get; init; } = TimeSpan.FromSeconds(180);
    /// <summary>Observer joins timed in Chromium by the join benchmark.</summary>
    public int Joins { get; init; } = 20;
    /// <summary>Media paths the paths benchmark runs, each on a fresh gateway: udp, tcp, relay.</summary>
    public IReadOnlyList<string> Paths { get; init; } = ["udp", "tcp", "relay"];
    /// <summary>Observers kept watching while the paths benchmark samples CPU per forwarded packet.</summary>
    public int Viewers { get; init; } = 4;
    /// <summary>Which peers to run: live, plain or both.</summary>
    public IReadOnlyList<string> Peers { get; init; } = ["live", "plain"];

    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("fanout" or "votes" or "join" or "paths" or "all"))
            throw new ArgumentException("usage: Live.Bench <fanout|votes|join|paths|all> [--smoke] [--observers 1000,5000] [--seconds N] [--voters N] "
                + "[--respondents N] [--storm-observers N] [--ramp N/s] [--ramp-timeout S] [--peers live,plain] [--joins N] [--paths udp,tcp,relay] [--viewers N]");
        var smoke = args.Contains("--smoke");
        var o = smoke
            ? new BenchOptions { Benchmark = args[0], Smoke = true, Observers = [20], Seconds = 3, Respondents = 5, Voters = 50, StormObservers = 5, Joins = 2, Viewers = 1, RampTimeout = TimeSpan.FromSeconds(30) }
            : new BenchOptions { Benchmark = args[0] };
        for (var i = 1; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            o = args[i] switch
            {
                "--smoke" => o,
                "--observers" => o with { Observers = Next().Split(',').Select(int.Parse).ToList() },
                "--seconds" => o with { Seconds = int.Parse(Next()) },
                "--respondents" => o with { Respondents = int.Parse(Next()) },
                "--voters" => o with { Voters = int.Parse(Next()) },
                "--storm-observers" => o with { StormObservers = int.Parse(Next()) },
                "--ramp" => o with { RampPerSecond = int.Parse(Next()) },
                "--ramp-timeout" => o with { RampTimeout = TimeSpan.FromSeconds(int.Parse(Next())) },
                "--peers" => o with { Peers = Next().Split(',') },
                "--joins" => o with { Joins = int.Parse(Next()) },
                "--paths" => o with { Paths = Next().Split(',') is var paths && paths.All(p => p is "udp" or "tcp" or "relay") ? paths : throw new ArgumentException("--paths takes udp, tcp and relay") },
                "--viewers" => o with { Viewers = int.Parse(Next()) },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return o;
    }
}
