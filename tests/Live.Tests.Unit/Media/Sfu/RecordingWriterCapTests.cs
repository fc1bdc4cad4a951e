using Live.Media.Sfu;
using Live.Tests.Unit.Media.Recording;
using Live.Tests.Unit.Media.Sdp;
using ManualTimeProvider = Live.Tests.Unit.Media.Ice.ManualTimeProvider;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// Issue #14, "nothing slow on the packet path": on a stalled recordings disk, the writers of a server hold at most
/// <see cref="SfuOptions.MaxRecordingWriters"/> threads in the file system however many tracks record; the others wait
/// for a turn without a thread, and every file is complete once the disk returns.
/// </summary>
[Trait("Requires", "ffmpeg")]
public sealed class RecordingWriterCapTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();
    private readonly string _root = Directory.CreateTempSubdirectory("live-sfu-recording-writers-").FullName;
    private readonly StallingRecordingFiles _disk = new();
    private SfuServer? _server;

    public void Dispose()
    {
        _disk.Dispose();
        _server?.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)] // the control: with two turns, both of alice's tracks (camera, microphone) do block in the disk
    public async Task StalledDisk_TwoRecordedTracks_BlockedWritersNeverExceedTheCap_FilesCompleteAfter(int maxWriters)
    {
        _server = new SfuServer(new SfuOptions
        {
            Port = 0,
            MaintenanceInterval = TimeSpan.FromHours(1),
            RecordingsDirectory = _root,
            MaxRecordingWriters = maxWriters,
            OpenRecordingFile = _disk.Open,
        }, _time);
        Router room = _server.GetOrCreateRouter("room");
        NegotiationResult result = room.Negotiate("alice", ChromiumOffers.Read("camera"), RouterNegotiateTests.CameraAndMic, null);
        Assert.True(result.Succeeded, result.Error);
        var feed = new RecordingTestFeed(_time, room.GetProducer("alice:Camera"), room.GetProducer("alice:Microphone"));
        room.ApplyRecording(new SfuRecordingPlan("r1", SfuRecordingStatus.Recording, 0, ["alice"]));
        ProducerRecorder[] writers = new[] { "alice:Camera", "alice:Microphone" }.Select(id => (ProducerRecorder)room.GetProducer(id)!.Tap!).ToArray();

        feed.PlayUntil(1000);

        // The moment a second writer could block: the cap's worth are in the disk and both tracks have packets
        // waiting for their writer. Then a while longer, in which an uncapped writer would have joined them.
        await SfuTestWait.UntilAsync(() => _disk.WritesWaiting == maxWriters, Wait);
        await SfuTestWait.UntilAsync(() => writers.All(w => w.Queue!.Count > 0), Wait);
        await Task.Delay(300);
        Assert.Equal(maxWriters, _disk.WritesWaiting);

        _disk.Release();
        room.ApplyRecording(new SfuRecordingPlan("r1", SfuRecordingStatus.Stopped, 0, ["alice"]));
        SessionRecordingReport report = (await room.RecordingSettledAsync().WaitAsync(Wait))!;
        Assert.Equal(2, report.Tracks.Count);
        Assert.All(report.Tracks, t => Assert.Equal(TrackRecordingStates.Complete, t.State));
        Assert.All(report.Tracks, t => Assert.Equal("", MediaTools.DecodeErrors(Path.Combine(_root, "room", "r1", t.File))));
    }
}
