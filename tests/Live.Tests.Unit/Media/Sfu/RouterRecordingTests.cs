using System.Text.Json;
using Live.Media.Recording;
using Live.Media.Sfu;
using ManualTimeProvider = Live.Tests.Unit.Media.Ice.ManualTimeProvider;
using Live.Tests.Unit.Media.Recording;
using Live.Tests.Unit.Media.Sdp;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// <see cref="Router.ApplyRecording"/> end to end without a network: captured Chromium offers create the producers, real
/// VP8/Opus RTP is played into <see cref="Producer.OnRtp"/>, and ffprobe/ffmpeg judge the files written. Files are
/// written by each track's writer behind a queue and closed after a stop, so the tests await
/// <see cref="Router.RecordingSettledAsync"/> before they look at the disk.
/// </summary>
[Trait("Requires", "ffmpeg")]
public sealed class RouterRecordingTests : IDisposable
{
    private const string RecordingId = "rec_1";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();
    private readonly string _root = Directory.CreateTempSubdirectory("live-sfu-recording-").FullName;
    private readonly SfuServer _server;

    public RouterRecordingTests()
    {
        _server = new SfuServer(new SfuOptions { Port = 0, MaintenanceInterval = TimeSpan.FromHours(1), RecordingsDirectory = _root }, _time);
    }

    private Router Room => _server.GetOrCreateRouter("room");

    private string Folder => Path.Combine(_root, "room", RecordingId);

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Recording_CameraAndMicrophone_OneWebmPerTrackThatFfprobeReadsWithCuesAfterStop()
    {
        RecordingTestFeed feed = Publish("alice");
        SessionRecordingReport started = Apply(SfuRecordingStatus.Recording, "alice");
        Assert.Equal(["alice-microphone.webm", "alice-camera.webm"], started.Tracks.Select(t => t.File).Order().Reverse());
        Assert.All(started.Tracks, t => Assert.Equal(TrackRecordingStates.Recording, t.State));

        feed.PlayUntil(2000);
        SessionRecordingReport stopped = await ApplyAndCloseAsync(SfuRecordingStatus.Stopped, "alice");

        Assert.All(stopped.Tracks, t => Assert.Equal((TrackRecordingStates.Complete, (string?)null, 0L), (t.State, t.Problem, t.DroppedPackets)));
        TrackRecordingReport camera = stopped.Tracks.Single(t => t.Kind == MediaKind.Video);
        Assert.Equal(("alice:Camera", "VP8", "alice-camera.webm"), (camera.TrackId, camera.Codec, camera.File));
        Assert.Equal(new FileInfo(Path.Combine(Folder, camera.File)).Length, camera.BytesWritten);
        MediaTools.ProbeResult video = MediaTools.Probe(Path.Combine(Folder, camera.File));
        Assert.Equal(("vp8", 320, 240), (video.CodecName, video.Width, video.Height));
        Assert.InRange(video.DurationSeconds!.Value, 1.8, 2.2);
        Assert.Equal(60, MediaTools.CountDecodedFrames(Path.Combine(Folder, camera.File)));
        MediaTools.ProbeResult audio = MediaTools.Probe(Path.Combine(Folder, "alice-microphone.webm"));
        Assert.Equal(("opus", 48000), (audio.CodecName, audio.SampleRate));
        Assert.InRange(audio.DurationSeconds!.Value, 1.8, 2.2);
        Assert.Equal("", MediaTools.DecodeErrors(Path.Combine(Folder, "alice-microphone.webm")));
        foreach (TrackRecordingReport track in stopped.Tracks)
        {
            EbmlTestReader.WebmLayout layout = EbmlTestReader.ReadLayout(File.ReadAllBytes(Path.Combine(Folder, track.File)));
            Assert.True(layout.SegmentSizeKnown && layout.CuesOffset > 0 && layout.CueTimes.Count > 0, $"{track.File} was not finalized");
        }

        // Closed files are no longer fed: the producers keep running without them.
        Assert.Null(Room.GetProducer("alice:Camera")!.Tap);
        feed.PlayUntil(2500);
        Assert.Equal(camera.BytesWritten, new FileInfo(Path.Combine(Folder, camera.File)).Length);
    }

    [Fact]
    public async Task Recording_PausedOneSecond_PauseLeftOutOfTheFilesAndSegmentsMapIt()
    {
        RecordingTestFeed feed = Publish("alice");
        Apply(SfuRecordingStatus.Recording, "alice", sessionClockMs: 10_000);
        feed.PlayUntil(1000);
        Apply(SfuRecordingStatus.Paused, "alice");
        Assert.All(Room.Recording!.Tracks, t => Assert.Equal(TrackRecordingStates.Paused, t.State));
        feed.PlayUntil(2000);
        Apply(SfuRecordingStatus.Recording, "alice");

        // After the resume the video file waits for a keyframe, so the SFU would ask the publisher for one.
        Assert.True(Room.GetProducer("alice:Camera")!.Tap!.WantsKeyFrame);
        Assert.False(Room.GetProducer("alice:Microphone")!.Tap!.WantsKeyFrame);
        feed.PlayUntil(3000);
        SessionRecordingReport report = await ApplyAndCloseAsync(SfuRecordingStatus.Stopped, "alice");

        TrackRecordingReport camera = report.Tracks.Single(t => t.Kind == MediaKind.Video);
        Assert.InRange(MediaTools.Probe(Path.Combine(Folder, camera.File)).DurationSeconds!.Value, 1.8, 2.2);
        Assert.Equal(60, MediaTools.CountDecodedFrames(Path.Combine(Folder, camera.File)));
        Assert.Equal(2, camera.Segments.Count);
        Assert.Equal((0L, 10_000L), (camera.Segments[0].FileStartMs, camera.Segments[0].SessionClockStartMs));
        Assert.InRange(camera.Segments[0].DurationMs, 990, 1010);
        Assert.Equal(camera.Segments[0].DurationMs, camera.Segments[1].FileStartMs);
        Assert.InRange(camera.Segments[1].SessionClockStartMs, 12_000, 12_040);
        TrackRecordingReport microphone = report.Tracks.Single(t => t.Kind == MediaKind.Audio);
        Assert.InRange(MediaTools.Probe(Path.Combine(Folder, microphone.File)).DurationSeconds!.Value, 1.8, 2.2);
        Assert.Equal(2, microphone.Segments.Count);
    }

    [Fact]
    public async Task Recording_ParticipantNotRecordable_NotRecordedAndDroppingOneClosesTheirFiles()
    {
        RecordingTestFeed alice = Publish("alice");
        RecordingTestFeed bob = Publish("bob");
        SessionRecordingReport started = await ApplyAndCloseAsync(SfuRecordingStatus.Recording, "alice");

        Assert.All(started.Tracks, t => Assert.Equal("alice", t.ParticipantId));
        Assert.Null(Room.GetProducer("bob:Camera")!.Tap);
        alice.PlayUntil(1000);
        bob.PlayUntil(1000);
        Assert.Empty(Directory.GetFiles(Folder, "bob*"));

        SessionRecordingReport dropped = await ApplyAndCloseAsync(SfuRecordingStatus.Recording);

        Assert.Equal(2, dropped.Tracks.Count);
        Assert.All(dropped.Tracks, t => Assert.Equal(TrackRecordingStates.Complete, t.State));
        Assert.Null(Room.GetProducer("alice:Camera")!.Tap);
        Assert.Equal(30, MediaTools.CountDecodedFrames(Path.Combine(Folder, "alice-camera.webm")));
    }

    [Fact]
    public async Task Recording_ProducerPublishedMidRecording_GetsItsOwnFileAndRepublishingANewOne()
    {
        Publish("alice");
        Apply(SfuRecordingStatus.Recording, "alice", "bob");

        RecordingTestFeed bob = Publish("bob");
        bob.PlayUntil(1000);
        Room.CloseParticipant("bob");
        Publish("bob");
        SessionRecordingReport report = await ApplyAndCloseAsync(SfuRecordingStatus.Stopped, "alice", "bob");

        Assert.Equal(
            ["alice-camera.webm", "alice-microphone.webm", "bob-camera-2.webm", "bob-camera.webm", "bob-microphone-2.webm", "bob-microphone.webm"],
            report.Tracks.Select(t => t.File).Order(StringComparer.Ordinal));
        Assert.Equal(30, MediaTools.CountDecodedFrames(Path.Combine(Folder, "bob-camera.webm")));
        Assert.Equal("opus", MediaTools.Probe(Path.Combine(Folder, "bob-microphone.webm")).CodecName);
    }

    [Fact]
    public async Task Recording_H264Camera_ReportedUnsupportedWithoutFile()
    {
        // Without VP8 in the offer the answer picks H264.
        string offer = ChromiumOffers.Read("camera").Replace("VP8/90000", "VPX/90000");
        Assert.True(Room.Negotiate("carol", offer, RouterNegotiateTests.CameraAndMic, null).Succeeded);

        SessionRecordingReport report = await ApplyAndCloseAsync(SfuRecordingStatus.Recording, "carol");

        TrackRecordingReport camera = report.Tracks.Single(t => t.Kind == MediaKind.Video);
        Assert.Equal(("H264", "", TrackRecordingStates.Unsupported), (camera.Codec, camera.File, camera.State));
        Assert.Equal(RecordingUnsupported.H264Reason, camera.Problem);
        Assert.Null(Room.GetProducer("carol:Camera")!.Tap);
        Assert.Equal(TrackRecordingStates.Recording, report.Tracks.Single(t => t.Kind == MediaKind.Audio).State);
        Assert.Equal(["carol-microphone.webm"], Directory.GetFiles(Folder, "*.webm").Select(Path.GetFileName));
    }

    [Fact]
    public async Task Recording_EveryChange_WritesTracksJsonManifest()
    {
        Publish("alice");
        await ApplyAndCloseAsync(SfuRecordingStatus.Recording, "alice");
        using (JsonDocument started = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, RecordingFiles.ManifestName))))
        {
            Assert.Equal(RecordingId, started.RootElement.GetProperty("recordingId").GetString());
            Assert.Equal("recording", started.RootElement.GetProperty("status").GetString());
            Assert.Equal(2, started.RootElement.GetProperty("tracks").GetArrayLength());
        }

        await ApplyAndCloseAsync(SfuRecordingStatus.Stopped, "alice");
        using JsonDocument stopped = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, RecordingFiles.ManifestName)));
        Assert.Equal("stopped", stopped.RootElement.GetProperty("status").GetString());
        Assert.All(stopped.RootElement.GetProperty("tracks").EnumerateArray(), t => Assert.Equal("complete", t.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Recording_RouterClosed_FilesClosedAndReportKept()
    {
        RecordingTestFeed feed = Publish("alice");
        Apply(SfuRecordingStatus.Recording, "alice");
        feed.PlayUntil(1000);
        Router room = Room;

        _server.CloseRouter("room");
        await room.RecordingSettledAsync().WaitAsync(Wait);

        Assert.False(room.IsRecording);
        Assert.All(room.Recording!.Tracks, t => Assert.Equal(TrackRecordingStates.Complete, t.State));
        Assert.Equal(30, MediaTools.CountDecodedFrames(Path.Combine(Folder, "alice-camera.webm")));
    }

    [Fact]
    public async Task RecordingsDirectoryIsAFile_TracksFailWithReasonAndForwardingStateUnharmed()
    {
        string file = Path.Combine(_root, "not-a-folder");
        File.WriteAllText(file, "x");
        using var server = new SfuServer(new SfuOptions { Port = 0, MaintenanceInterval = TimeSpan.FromHours(1), RecordingsDirectory = file }, _time);
        Router room = server.GetOrCreateRouter("room");
        Assert.True(room.Negotiate("alice", ChromiumOffers.Read("camera"), RouterNegotiateTests.CameraAndMic, null).Succeeded);
        double errors = RecordingMetrics.WriteErrors;

        Assert.Equal(2, room.ApplyRecording(new SfuRecordingPlan(RecordingId, SfuRecordingStatus.Recording, 0, ["alice"])).Tracks.Count);
        // Each track's writer makes the folder (never the router's lock): the failure shows once it has tried.
        SessionRecordingReport report = (await room.RecordingSettledAsync().WaitAsync(Wait))!;

        Assert.Equal(2, report.Tracks.Count);
        Assert.All(report.Tracks, t => Assert.Equal(TrackRecordingStates.Failed, t.State));
        Assert.All(report.Tracks, t => Assert.False(string.IsNullOrEmpty(t.Problem)));
        Assert.True(RecordingMetrics.WriteErrors >= errors + 2);
        Producer camera = room.GetProducer("alice:Camera")!;
        Assert.Null(camera.Tap);
        var feed = new RecordingTestFeed(_time, camera, room.GetProducer("alice:Microphone"));
        feed.PlayUntil(500);
        Assert.Equal(SfuRecordingStatus.Stopped, room.ApplyRecording(new SfuRecordingPlan(RecordingId, SfuRecordingStatus.Stopped, 0, ["alice"])).Status);
    }

    [Fact]
    public void TapAttached_ReceivePath_AllocatesNothingPerPacket()
    {
        Publish("alice");
        Producer camera = Room.GetProducer("alice:Camera")!;
        var tap = new CountingTap();
        camera.AttachTap(tap);
        byte[][] packets = Enumerable.Range(0, 600).Select(i => SfuTestPeer.Vp8Packet(1, (ushort)i, (uint)(i / 3 * 3000), i % 90 == 0, 1)).ToArray();
        var feed = new RecordingTestFeed(_time, camera, null);
        for (int i = 0; i < 100; i++)
        {
            feed.Push(camera, packets[i]);
        }

        Live.Media.Rtp.RtpHeader[] headers = packets.Select(p => Live.Media.Rtp.RtpHeader.TryParse(p, out var h) ? h : default).ToArray();
        const int PerBatch = 125;
        long allocated = SteadyStateAllocations.Least(batch =>
        {
            for (int i = 100 + batch * PerBatch; i < 100 + (batch + 1) * PerBatch; i++)
            {
                camera.OnRtp(packets[i], headers[i], 0, 1000, isRepair: false);
            }
        });

        Assert.Equal(0, allocated);
        Assert.Equal(packets.Length, tap.Packets);
        camera.OnRtp(packets[0], headers[0], 0, 1000, isRepair: true);
        Assert.Equal(packets.Length, tap.Packets);
        camera.DetachTap(new CountingTap());
        Assert.Same(tap, camera.Tap);
        camera.DetachTap(tap);
        Assert.Null(camera.Tap);
    }

    [Fact]
    public async Task RecordingTap_WriterKeepingUp_ReceiveThreadAllocatesNothingPerPacket()
    {
        Publish("alice");
        await ApplyAndCloseAsync(SfuRecordingStatus.Recording, "alice");
        Producer camera = Room.GetProducer("alice:Camera")!;
        var tap = (ProducerRecorder)camera.Tap!;
        byte[][] packets = Enumerable.Range(0, 200).Select(i => SfuTestPeer.Vp8Packet(1, (ushort)i, (uint)(i / 3 * 3000), i % 90 == 0, 1)).ToArray();
        Live.Media.Rtp.RtpHeader[] headers = packets.Select(p => Live.Media.Rtp.RtpHeader.TryParse(p, out var h) ? h : default).ToArray();
        Func<bool> drained = () => tap.Queue!.Count == 0;
        for (int i = 0; i < 100; i++)
        {
            camera.OnRtp(packets[i], headers[i], 0, 1000, isRepair: false);
        }

        Assert.True(SpinWait.SpinUntil(drained, Wait));
        // Only the receive thread is measured: one pooled copy and a queue slot per packet, the writer's work elsewhere.
        const int PerBatch = 25;
        long allocated = SteadyStateAllocations.Least(batch =>
        {
            for (int i = 100 + batch * PerBatch; i < 100 + (batch + 1) * PerBatch; i++)
            {
                camera.OnRtp(packets[i], headers[i], 0, 1000, isRepair: false);
            }

            SpinWait.SpinUntil(drained, Wait);
        });

        Assert.Equal(0, allocated);
        Assert.Equal(0, tap.Queue!.Dropped);
    }

    [Fact]
    public void RecordingFiles_HostileIds_StayInsideTheRoot()
    {
        string folder = RecordingFiles.RecordingDirectory(_root, "../..", "a/b\\c");

        Assert.Equal(Path.Combine(_root, ".._..", "a_b_c"), folder);
        Assert.Equal(Path.Combine(_root, "_..", "_."), RecordingFiles.RecordingDirectory(_root, "..", "."));
        Assert.Equal("p_1-camera.webm", RecordingFiles.TrackFileName("p/1", TrackSource.Camera, 1));
        Assert.Equal("p-screen-3.webm", RecordingFiles.TrackFileName("p", TrackSource.Screen, 3));
        string timeline = RecordingFiles.WriteTimeline(_root, "room", RecordingId, "{\"version\":1}");
        Assert.Equal(Path.Combine(Folder, RecordingFiles.TimelineName), timeline);
        Assert.Equal("{\"version\":1}", File.ReadAllText(timeline));
    }

    private RecordingTestFeed Publish(string participant)
    {
        NegotiationResult result = Room.Negotiate(participant, ChromiumOffers.Read("camera"), RouterNegotiateTests.CameraAndMic, null);
        Assert.True(result.Succeeded, result.Error);
        return new RecordingTestFeed(_time, Room.GetProducer($"{participant}:Camera"), Room.GetProducer($"{participant}:Microphone"));
    }

    private SessionRecordingReport Apply(SfuRecordingStatus status, params string[] recordable) => Apply(status, recordable, 0);

    private SessionRecordingReport Apply(SfuRecordingStatus status, string recordable, long sessionClockMs) => Apply(status, [recordable], sessionClockMs);

    private SessionRecordingReport Apply(SfuRecordingStatus status, string[] recordable, long sessionClockMs) =>
        Room.ApplyRecording(new SfuRecordingPlan(RecordingId, status, sessionClockMs, recordable));

    /// <summary>Applies the plan, then waits until the files it stopped are drained and closed and the manifest written.</summary>
    private async Task<SessionRecordingReport> ApplyAndCloseAsync(SfuRecordingStatus status, params string[] recordable)
    {
        Apply(status, recordable);
        return (await Room.RecordingSettledAsync().WaitAsync(Wait))!;
    }

    private sealed class CountingTap : IRtpTap
    {
        public int Packets;

        public bool WantsKeyFrame => false;

        public void OnRtp(ReadOnlySpan<byte> packet, in Live.Media.Rtp.RtpHeader header) => Packets++;
    }
}
