using Live.Bench;

// Live's benchmarks: `Live.Bench <fanout|votes|join|paths|all> [--smoke] [options]`. See docs/benchmarks.md.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception ex) when (ex is ArgumentException or FormatException)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var repoRoot = FindRepoRoot();
ThreadPool.SetMinThreads(Math.Max(16, Environment.ProcessorCount * 4), 16);
Report.Machine();
Report.Note($"options: {string.Join(' ', args)}");
var ok = true;
if (options.Benchmark is "fanout" or "all")
{
    var figures = await new FanoutBenchmark(options, repoRoot).RunAsync();
    ok &= figures.All(f => f.Connected > 0 && f.DeliveredPercent > 0);
}
if (options.Benchmark is "votes" or "all") ok &= await new VoteStormBenchmark(options, repoRoot).RunAsync();
if (options.Benchmark is "join" or "all") ok &= await new JoinBenchmark(options, repoRoot).RunAsync();
// Not part of "all": it needs coturn and three gateway runs; bench/run.sh paths runs it on its own.
if (options.Benchmark is "paths") ok &= await new PathsBenchmark(options, repoRoot).RunAsync();
Report.Note(ok ? "done" : "done, with failures (see RESULT lines)");
return ok ? 0 : 1;

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "Live.sln"))) return dir.FullName;
    throw new InvalidOperationException("Live.sln not found above " + AppContext.BaseDirectory);
}
