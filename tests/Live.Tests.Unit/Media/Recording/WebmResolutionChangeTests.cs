using System.Buffers.Binary;
using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

/// <summary>
/// A publisher whose bandwidth estimate climbs steps its camera up (Chromium: 640×360 → 960×540 → 1280×720), each step
/// starting with a keyframe of the new size. The recording keeps the one track and the first size in its header; the
/// file must stay valid and every frame decode at its own size (ffprobe/ffmpeg judge it).
/// </summary>
[Trait("Requires", "ffmpeg")]
public sealed class WebmResolutionChangeTests
{
    [Fact]
    public void Vp8Recording_ResolutionDoublesMidStream_ProbesAndDecodesEveryFrameWithoutErrors()
    {
        IReadOnlyList<byte[]> small = WebmFfmpegTests.Frames(0, TestMedia.VideoFps); // 320×240, keyframe first
        IReadOnlyList<byte[]> large = Generate640x360(TestMedia.VideoFps);
        Assert.True((large[0][0] & 0x01) == 0, "the larger stretch starts with a keyframe");
        string path = WebmFfmpegTests.NewPath("resize.webm");
        var clock = new RecordingClock(new ManualTimeProvider());
        using (var recorder = new TrackRecorder(WebmWriter.Create(path, RecordingCodec.Vp8), clock))
        {
            var depacketizer = new Vp8Depacketizer(recorder);
            foreach ((_, byte[] packet) in RtpTestPacketizer.PacketizeVp8([.. small, .. large]))
            {
                depacketizer.Push(packet);
            }

            Assert.Equal(small.Count + large.Count, recorder.FramesWritten);
        }

        MediaTools.ProbeResult probe = MediaTools.Probe(path);
        Assert.Equal(("vp8", 320, 240, 1), (probe.CodecName, probe.Width, probe.Height, probe.StreamCount));
        Assert.Equal("", MediaTools.DecodeErrors(path));
        Assert.Equal(small.Count + large.Count, MediaTools.CountDecodedFrames(path));
        (int exit, string sizes, _) = MediaTools.Run("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "frame=width,height",
            "-of", "csv=p=0", path);
        Assert.Equal(0, exit);
        string[] lines = sizes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("320,240", lines[0]);
        Assert.Equal("640,360", lines[^1]);
    }

    private static List<byte[]> Generate640x360(int frames)
    {
        string ivf = Path.Combine(TestMedia.TempDirectory, $"{Guid.NewGuid():N}-640x360.ivf");
        MediaTools.Generate(
            "-f", "lavfi", "-i", $"testsrc=size=640x360:rate={TestMedia.VideoFps}", "-frames:v", frames.ToString(),
            "-c:v", "libvpx", "-g", "30", "-auto-alt-ref", "0", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "800k", "-f", "ivf", ivf);
        byte[] bytes = File.ReadAllBytes(ivf);
        const int FileHeaderSize = 32, FrameHeaderSize = 12; // the IVF container's fixed headers
        var result = new List<byte[]>();
        for (int offset = FileHeaderSize; offset + FrameHeaderSize <= bytes.Length;)
        {
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
            result.Add(bytes.AsSpan(offset + FrameHeaderSize, size).ToArray());
            offset += FrameHeaderSize + size;
        }

        return result;
    }
}
