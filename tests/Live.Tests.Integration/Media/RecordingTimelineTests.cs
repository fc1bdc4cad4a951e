using System.Text.Json;
using Live.Media.Sfu;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Live.Tests.Integration.Media;

/// <summary>
/// A stop no longer waits for the files in any grain turn: the media router answers as soon as the tracks are asked to
/// close, then (outside its turns) waits for them, asks the session for the timeline and writes it beside the files.
/// One silo with its own SFU and a recordings folder of the test's own.
/// </summary>
[Trait("Category", "Grain")]
public sealed class RecordingTimelineTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly string _root = System.IO.Directory.CreateTempSubdirectory("live-recording-timeline-").FullName;
    private TestCluster? _cluster;

    private IGrainFactory Grains => _cluster!.Client;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(initialSilosCount: 1);
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Live:Media:UdpPort"] = "0",
            ["Live:Media:RecordingsDirectory"] = _root,
        }));
        builder.AddSiloBuilderConfigurator<MediaSiloConfigurator>();
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.StopAllSilosAsync();
        System.IO.Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Stop_TimelineWrittenBesideTheFilesOnceTheyAreClosed()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        Assert.Equal(RecordingStatus.Recording, (await s.Recording.StartRecordingAsync(host)).Status);
        Assert.Equal(RecordingStatus.Stopped, (await s.Recording.StopRecordingAsync(host)).Status);

        string sessionFolder = Path.Combine(_root, RecordingFiles.SafeSegment(s.Id));
        string? timeline = null;
        var deadline = DateTime.UtcNow + Wait;
        while (timeline is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "no timeline.json after the stop");
            timeline = System.IO.Directory.Exists(sessionFolder)
                ? System.IO.Directory.GetFiles(sessionFolder, RecordingFiles.TimelineName, SearchOption.AllDirectories).SingleOrDefault()
                : null;
            await Task.Delay(50);
        }

        using JsonDocument doc = JsonDocument.Parse(await File.ReadAllTextAsync(timeline));
        Assert.Equal(s.Id, doc.RootElement.GetProperty("sessionId").GetString());
        Assert.NotEqual(JsonValueKind.Null, doc.RootElement.GetProperty("recording").GetProperty("stoppedAtMs").ValueKind);
        using JsonDocument manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(timeline)!, RecordingFiles.ManifestName)));
        Assert.Equal("stopped", manifest.RootElement.GetProperty("status").GetString());
    }
}
