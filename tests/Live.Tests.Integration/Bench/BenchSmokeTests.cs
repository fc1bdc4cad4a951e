using System.Diagnostics;

namespace Live.Tests.Integration.Bench;

/// <summary>
/// Proves the benchmarks still work: runs <c>bench/run.sh all --smoke</c> (tiny counts, a few seconds of load) as a
/// process (the SFU smoke included, which needs ffmpeg and gcc, and Janus only when it is already installed; the join
/// smoke needs /usr/bin/chromium) and checks
/// that it printed every figure line and exited cleanly. Figures themselves are not judged here.
/// </summary>
[Trait("Category", "Bench")]
public sealed class BenchSmokeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task RunSh_AllSmoke_PrintsEveryFigureAndExitsZero()
    {
        var root = RepoRoot();
        var info = new ProcessStartInfo("bash", ["bench/run.sh", "all", "--smoke"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bench smoke ran over {Limit}: {await stdout}");
        }
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("MACHINE nproc=", output);
        Assert.Contains("RESULT fanout peer=live observers=20 connected=20", output);
        Assert.Contains("RESULT fanout peer=plain observers=20 connected=20", output);
        Assert.Contains("RESULT fanout peer=live/plain", output);
        Assert.Contains("poll_delivered_pct=100", output);
        Assert.Matches(@"RESULT votes peer=live voters=50 admitted=50 .*all_counted=True", output);
        Assert.Matches(@"RESULT votes peer=plain voters=50 admitted=50 .*all_counted=True", output);
        Assert.Contains("RESULT votes peer=live/plain", output);
        // Benchmark 4: two observer joins in Chromium, each decoding the host's fake camera.
        Assert.Matches(@"RESULT join peer=live joins=2 decoded=2 failed=0 first_frame_p50_ms=\d+", output);
        // Benchmark 3 (bench/sfu/run.sh): Live always; Janus too when it is installed on the machine.
        Assert.Matches(@"RESULT sfu peer=live subscribers=5 connected=5 active=5 failures=0 ", output);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Live.sln"))) return dir.FullName;
        throw new InvalidOperationException("Live.sln not found");
    }
}
