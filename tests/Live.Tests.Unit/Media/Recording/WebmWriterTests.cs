using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

public class WebmWriterTests
{
    private static readonly byte[] KeyFrame = Vp8DepacketizerTests.KeyFrame;
    private static readonly byte[] DeltaFrame = Vp8DepacketizerTests.DeltaFrame;

    [Fact]
    public void WriteFrame_DiskFills_FailsWithReasonAndNeverThrows()
    {
        var writer = new WebmWriter(new DiskFullStream(budget: 2000), RecordingCodec.Vp8);
        Assert.True(writer.WriteFrame(KeyFrame, 0, isKeyFrame: true));
        bool accepted = true;
        for (int i = 1; i < 500 && accepted; i++)
        {
            // A keyframe every 10 frames closes and writes the Cluster, which is where the disk runs out.
            accepted = writer.WriteFrame(i % 10 == 0 ? KeyFrame : DeltaFrame, i * 33, i % 10 == 0);
        }

        Assert.Equal(WebmWriterState.Failed, writer.State);
        Assert.Equal("IOException: No space left on device", writer.FailureReason);
        Assert.InRange(writer.BytesWritten, 1, 2000);
        Assert.False(writer.WriteFrame(KeyFrame, 100_000, isKeyFrame: true));
        writer.Close();
        Assert.Equal(WebmWriterState.Failed, writer.State);
    }

    [Fact]
    public void Create_UnwritablePaths_GiveFailedWritersWithReasons()
    {
        string directory = Directory.CreateTempSubdirectory("live-webm-").FullName;
        try
        {
            string regularFile = Path.Combine(directory, "file");
            File.WriteAllText(regularFile, "x");
            WebmWriter underFile = WebmWriter.Create(Path.Combine(regularFile, "track.webm"), RecordingCodec.Opus);
            Assert.Equal(WebmWriterState.Failed, underFile.State);
            Assert.False(string.IsNullOrEmpty(underFile.FailureReason));
            Assert.False(underFile.WriteFrame([0xFC], 0, isKeyFrame: true));

            var recorder = new TrackRecorder(underFile, new RecordingClock());
            recorder.OnFrame(new EncodedFrame([0xFC], 0, isKeyFrame: true));
            recorder.Stop();
            Assert.Equal(TrackRecorderState.Failed, recorder.State);
            Assert.Equal(underFile.FailureReason, recorder.FailureReason);

            // Permissions do not bind root, so the read-only directory case can only be checked as another user.
            if (!OperatingSystem.IsWindows() && !Environment.IsPrivilegedProcess)
            {
                string readOnly = Directory.CreateDirectory(Path.Combine(directory, "ro")).FullName;
                File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                WebmWriter denied = WebmWriter.Create(Path.Combine(readOnly, "track.webm"), RecordingCodec.Vp8);
                Assert.Equal(WebmWriterState.Failed, denied.State);
                Assert.StartsWith("UnauthorizedAccessException", denied.FailureReason);
                File.SetUnixFileMode(readOnly, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WriteFrame_VideoBeforeFirstKeyframe_IsRefusedAndNothingWritten()
    {
        var writer = new WebmWriter(new MemoryStream(), RecordingCodec.Vp8);
        Assert.False(writer.WriteFrame(DeltaFrame, 0, isKeyFrame: false));
        Assert.Equal(0, writer.BytesWritten);
        Assert.True(writer.WriteFrame(KeyFrame, 33, isKeyFrame: true));
        Assert.Equal(new Vp8KeyFrameHeader(320, 240), writer.VideoSize);
    }

    [Fact]
    public void WriteFrame_AudioOverLongSpans_StartsClustersEveryMaxClusterDurationAndAfterLongJumps()
    {
        var stream = new MemoryStream();
        using (var writer = new WebmWriter(stream, RecordingCodec.Opus, ownsStream: false))
        {
            for (long ms = 0; ms <= 12_000; ms += 1000)
            {
                writer.WriteFrame([0xFC, 0x00], ms, isKeyFrame: true);
            }

            // A jump to 50 000 (beyond the int16 relative timestamp of a SimpleBlock) opens its own Cluster too.
            writer.WriteFrame([0xFC, 0x00], 50_000, isKeyFrame: true);
        }

        EbmlTestReader.WebmLayout layout = EbmlTestReader.ReadLayout(stream.ToArray());
        long[] expected = [.. Enumerable.Range(0, 7).Select(i => i * WebmWriter.MaxClusterDurationMs), 50_000L];
        Assert.Equal(expected, layout.CueTimes);
        Assert.Equal(expected.Length, layout.ClusterCount);
        Assert.Equal(51_000, layout.DurationMs);
        Assert.Equal(layout.CuesOffset, layout.SeekHeadCuesOffset);
    }

    [Fact]
    public void Close_ForwardOnlyStream_LeavesUnknownSizeFileWithCues()
    {
        var stream = new ForwardOnlyStream();
        var writer = new WebmWriter(stream, RecordingCodec.Vp8, ownsStream: false);
        writer.WriteFrame(KeyFrame, 0, isKeyFrame: true);
        writer.WriteFrame(DeltaFrame, 33, isKeyFrame: false);
        writer.Close();

        Assert.Equal(WebmWriterState.Closed, writer.State);
        EbmlTestReader.WebmLayout layout = EbmlTestReader.ReadLayout(stream.ToArray());
        Assert.False(layout.SegmentSizeKnown);
        Assert.Equal([0L], layout.CueTimes);
        Assert.Equal(-1, layout.SeekHeadCuesOffset);
        Assert.Equal(stream.Length, writer.BytesWritten);
    }

    [Fact]
    public void Header_EbmlDocType_IsWebm()
    {
        var stream = new MemoryStream();
        using (var writer = new WebmWriter(stream, RecordingCodec.Opus, ownsStream: false))
        {
            writer.WriteFrame([0xFC], 0, isKeyFrame: true);
        }

        byte[] file = stream.ToArray();
        (uint _, int offset, long size) = EbmlTestReader.Children(file)[0];
        (uint _, int docOffset, long docSize) = EbmlTestReader.Children(file.AsSpan(offset, (int)size)).Single(c => c.Id == 0x4282);
        Assert.Equal("webm"u8.ToArray(), file.AsSpan(offset + docOffset, (int)docSize).ToArray());
    }
}
