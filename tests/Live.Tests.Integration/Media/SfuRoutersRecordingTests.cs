using System.Text.Json;
using Live.Media;
using Live.Media.Sfu;
using Live.Sessions;
using Live.Silo.Media;

namespace Live.Tests.Integration.Media;

/// <summary>
/// The silo's bridge between the media router grain and the SFU's recording: plan statuses map to the router's, the
/// folder and manifest appear, the last report outlives the router, and the timeline lands next to the files.
/// </summary>
public sealed class SfuRoutersRecordingTests : IDisposable
{
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("live-sfurouters-recording-").FullName;
    private readonly SfuServer _sfu;
    private readonly SfuRouters _routers;

    public SfuRoutersRecordingTests()
    {
        _sfu = new SfuServer(new SfuOptions { Port = 0, RecordingsDirectory = _root });
        _routers = new SfuRouters(_sfu);
    }

    public void Dispose()
    {
        _sfu.Dispose();
        System.IO.Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task ApplyRecording_StartPauseStopThenClose_ManifestFollowsAndLastReportKept()
    {
        Assert.Null(_routers.GetRecording("s1"));

        // The manifest is written in the background (never under the router's lock): RecordingClosedAsync waits for it.
        RecordingReport started = _routers.ApplyRecording("s1", new RecordingPlan("r1", RecordingStatus.Recording, 5000, ["p1"]));
        Assert.Equal(("r1", 0), (started.RecordingId, started.Tracks.Count));
        string manifest = Path.Combine(_root, "s1", "r1", RecordingFiles.ManifestName);
        await _routers.RecordingClosedAsync("s1", "r1");
        Assert.Equal("recording", Status(manifest));

        _routers.ApplyRecording("s1", new RecordingPlan("r1", RecordingStatus.Paused, 6000, ["p1"]));
        await _routers.RecordingClosedAsync("s1", "r1");
        Assert.Equal("paused", Status(manifest));
        _routers.ApplyRecording("s1", new RecordingPlan("r1", RecordingStatus.Stopped, 7000, ["p1"]));
        Assert.Equal("r1", (await _routers.RecordingClosedAsync("s1", "r1"))!.RecordingId);
        Assert.Equal("stopped", Status(manifest));

        _routers.Close("s1");
        Assert.Equal("r1", _routers.GetRecording("s1")!.RecordingId);
        Assert.Equal("r1", _routers.ApplyRecording("s1", new RecordingPlan("r1", RecordingStatus.Stopped, 8000, ["p1"])).RecordingId);
        Assert.Equal(0, _sfu.RouterCount);
    }

    [Fact]
    public void ApplyRecording_StopForUnknownSession_EmptyReportAndNoRouter()
    {
        RecordingReport report = _routers.ApplyRecording("nobody", new RecordingPlan("r9", RecordingStatus.Stopped, 0, []));

        Assert.Equal(("r9", 0), (report.RecordingId, report.Tracks.Count));
        Assert.Equal(0, _sfu.RouterCount);
        Assert.False(System.IO.Directory.Exists(Path.Combine(_root, "nobody")));
    }

    [Fact]
    public void WriteTimeline_WritesTimelineJsonInTheRecordingFolder()
    {
        _routers.WriteTimeline("s2", "r2", """{"version":1,"sessionId":"s2"}""");

        string path = Path.Combine(_root, "s2", "r2", RecordingFiles.TimelineName);
        using JsonDocument timeline = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal("s2", timeline.RootElement.GetProperty("sessionId").GetString());
    }

    [Fact]
    public void MediaOptions_RecordingsDirectory_DefaultsToUserDataFolderNotWorkingDirectoryAndMustNotBeBlank()
    {
        var options = new MediaOptions();

        // A first run from a clone wrote recordings into the source tree (the working directory); they go to the user's
        // data folder now.
        string data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        Assert.Equal(Path.Combine(data, "live", "recordings"), options.ToSfuOptions().RecordingsDirectory);
        Assert.False(options.ToSfuOptions().RecordingsDirectory.StartsWith(System.IO.Directory.GetCurrentDirectory() + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        Assert.Null(options.Problem());
        options.RecordingsDirectory = " ";
        Assert.NotNull(options.Problem());
    }

    private static string? Status(string manifest)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(manifest));
        return doc.RootElement.GetProperty("status").GetString();
    }
}
