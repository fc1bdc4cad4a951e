using System.Diagnostics;
using Live.Tests.Integration.Cluster;

namespace Live.Tests.Integration.Gateway;

/// <summary>
/// The README's first command, as a newcomer sees it: the gateway binary on the embedded default prints the app's URL
/// and the demo link as its first two lines, and keeps recordings out of the source tree.
/// </summary>
[Trait("Category", "Gateway")]
public sealed class FirstRunTests
{
    [Fact]
    public async Task EmbeddedDefault_FirstTwoLines_AreAppUrlAndDemoLink_RecordingsOutsideTheSourceTree()
    {
        string root = PostgresFixture.RepositoryRoot;
        string dll = Path.Combine(root, "src/Gateway", "bin", ClusterProcess.Configuration, "net10.0", "Live.Gateway.dll");
        string data = Path.Combine(Path.GetTempPath(), $"live-first-run-{Guid.NewGuid():N}");
        string url = $"http://127.0.0.1:{PostgresFixture.FreeTcpPort()}";
        // Only what a second copy on this machine needs: other ports. Everything else is the embedded default.
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.Combine(root, "src/Gateway"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { dll, "--urls", url }) start.ArgumentList.Add(arg);
        start.Environment["Live__Cluster__SiloPort"] = PostgresFixture.FreeTcpPort().ToString();
        start.Environment["Live__Cluster__GatewayPort"] = PostgresFixture.FreeTcpPort().ToString();
        start.Environment["Live__Media__UdpPort"] = "0";
        start.Environment["XDG_DATA_HOME"] = data;

        var lines = new List<string>();
        var bannerSeen = new TaskCompletionSource();
        using var process = new Process { StartInfo = start };
        void OnLine(string? line)
        {
            if (string.IsNullOrWhiteSpace(line)) return;
            lock (lines)
            {
                lines.Add(line);
                if (line.Contains("/demo.html#key=", StringComparison.Ordinal)) bannerSeen.TrySetResult();
            }
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await bannerSeen.Task.WaitAsync(TimeSpan.FromSeconds(90));
            await Task.Delay(500); // the line after the demo link (where media and recordings go)
            string[] seen;
            lock (lines) seen = [.. lines];
            string all = string.Join('\n', seen);
            Assert.True(seen.Length >= 3, all);
            Assert.StartsWith($"Live is running: {url}/#key=", seen[0]);
            Assert.Contains($"{url}/demo.html#key=", seen[1]);
            string recordings = Path.Combine(data, "live", "recordings");
            Assert.Contains($"recordings are saved in {recordings}", seen[2]);
            Assert.DoesNotContain(root, seen[2]);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            if (System.IO.Directory.Exists(data)) System.IO.Directory.Delete(data, recursive: true);
        }
    }
}
