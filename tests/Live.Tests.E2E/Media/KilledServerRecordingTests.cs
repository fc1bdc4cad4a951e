using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Live.Tests.E2E.Media;

/// <summary>The real gateway binary (embedded silo and SFU) as a child process the test can kill -9.</summary>
public sealed class ChildProcessAppFixture : LiveAppFixture
{
    private Process? _server;

    public string RecordingsDirectory { get; } = Path.Combine(Path.GetTempPath(), $"live-killed-{Guid.NewGuid():N}");

    protected override IEnumerable<KeyValuePair<string, string?>> ExtraConfiguration =>
        [new("Live:Media:RecordingsDirectory", RecordingsDirectory)];

    protected override async Task StartServerAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var gatewayDir = Path.GetDirectoryName(WebRoot)!;
        var dll = new[] { "Debug", "Release" }.Select(c => Path.Combine(gatewayDir, "bin", c, "net10.0", "Live.Gateway.dll")).First(File.Exists);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--urls", BaseUrl, "--contentRoot", gatewayDir }) start.ArgumentList.Add(arg);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__")] = value;
        _server = Process.Start(start)!;
        _server.OutputDataReceived += (_, _) => { };
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try { if ((await http.GetAsync($"{BaseUrl}/health/ready")).IsSuccessStatusCode) return; } catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException("The gateway process did not become ready.");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crashed or OOM-killed silo.</summary>
    public void KillServer()
    {
        _server!.Kill();
        _server.WaitForExit(10_000);
    }

    public override async Task DisposeAsync()
    {
        if (_server is { HasExited: false }) _server.Kill();
        await base.DisposeAsync();
    }
}

/// <summary>kill -9 of the process writing a recording leaves files that ffprobe reads and ffmpeg decodes.</summary>
[Trait("Category", "Browser")]
public sealed class KilledServerRecordingTests(ChildProcessAppFixture app, ITestOutputHelper output) : IClassFixture<ChildProcessAppFixture>
{
    [Fact]
    public async Task KilledMidRecording_FilesStayReadable()
    {
        SetDefaultExpectTimeout(20_000);
        var room = await MediaRoomScenario.StartAsync(app, respondents: ["Riley Respondent"], observers: []);
        var host = room.Host.Page;
        await room.Host.WaitForFlowingAsync(_ => true, count: 2, TimeSpan.FromSeconds(30));
        await host.ClickAsync("#rec-start");
        await room.Respondents[0].Page.GetByRole(AriaRole.Button, new() { Name = "Allow recording" }).ClickAsync();
        await Expect(host.Locator("#roster")).ToContainTextAsync("Consents");
        // One press of Start: recording begins by itself once everyone present has consented.
        await Expect(host.Locator("#rec-status")).ToHaveTextAsync("Recording");
        // Longer than one cluster (a cluster is written whole, at the latest every 5 s).
        await Task.Delay(TimeSpan.FromSeconds(7));

        app.KillServer();

        var files = System.IO.Directory.GetFiles(app.RecordingsDirectory, "*.webm", SearchOption.AllDirectories);
        Assert.Equal(4, files.Length);
        foreach (var file in files)
        {
            var probe = await RunAsync("ffprobe", $"-v error -count_frames -show_entries stream=codec_name,nb_read_frames -of json \"{file}\"");
            output.WriteLine($"{Path.GetFileName(file)} ({new FileInfo(file).Length} bytes): {probe.Stdout.ReplaceLineEndings(" ")}");
            var stream = JsonDocument.Parse(probe.Stdout).RootElement.GetProperty("streams")[0];
            Assert.Contains(stream.GetProperty("codec_name").GetString(), new[] { "vp8", "opus" });
            Assert.True(int.Parse(stream.GetProperty("nb_read_frames").GetString()!) > 0, $"{file} has no decodable frame");
        }
    }

    private static async Task<(string Stdout, string Stderr)> RunAsync(string tool, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (await stdout, await stderr);
    }
}
