using System.Buffers.Binary;

namespace Live.Tests.Unit.Media.Recording;

/// <summary>
/// Real VP8 and Opus bitstreams made once per test run by ffmpeg (libvpx, libopus) and split into frames: IVF
/// (32-byte file header, then a 12-byte header per frame) for VP8, Ogg pages for Opus (RFC 3533 §6, RFC 7845).
/// </summary>
internal static class TestMedia
{
    public const int VideoFps = 30;
    public const int VideoSeconds = 5;
    public const int OpusFrameSamples = 960;

    private static readonly Lazy<IReadOnlyList<(byte[] Data, bool IsKey)>> LazyVp8 = new(GenerateVp8);
    private static readonly Lazy<IReadOnlyList<byte[]>> LazyOpus = new(GenerateOpus);

    /// <summary>5 s of 320x240 testsrc at 30 fps, a keyframe every 30 frames, no hidden alt-ref frames.</summary>
    public static IReadOnlyList<(byte[] Data, bool IsKey)> Vp8Frames => LazyVp8.Value;

    /// <summary>5 s of a 440 Hz stereo sine as 20 ms Opus packets.</summary>
    public static IReadOnlyList<byte[]> OpusPackets => LazyOpus.Value;

    static TestMedia() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(TempDirectory, recursive: true);

    public static string TempDirectory { get; } = Directory.CreateTempSubdirectory("live-recording-tests-").FullName;

    private static IReadOnlyList<(byte[] Data, bool IsKey)> GenerateVp8()
    {
        string ivf = Path.Combine(TempDirectory, "source.ivf");
        MediaTools.Generate(
            "-f", "lavfi", "-i", $"testsrc=size=320x240:rate={VideoFps}", "-t", VideoSeconds.ToString(),
            "-c:v", "libvpx", "-g", "30", "-keyint_min", "30", "-auto-alt-ref", "0", "-deadline", "realtime", "-cpu-used", "8",
            "-b:v", "600k", "-f", "ivf", ivf);
        byte[] bytes = File.ReadAllBytes(ivf);
        const int FileHeaderSize = 32, FrameHeaderSize = 12;
        Assert.Equal("DKIF"u8.ToArray(), bytes[..4]);
        var frames = new List<(byte[], bool)>();
        for (int offset = FileHeaderSize; offset + FrameHeaderSize <= bytes.Length;)
        {
            int size = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset));
            byte[] frame = bytes.AsSpan(offset + FrameHeaderSize, size).ToArray();
            frames.Add((frame, (frame[0] & 0x01) == 0));
            offset += FrameHeaderSize + size;
        }

        return frames;
    }

    private static IReadOnlyList<byte[]> GenerateOpus()
    {
        string ogg = Path.Combine(TempDirectory, "source.ogg");
        MediaTools.Generate(
            "-f", "lavfi", "-i", $"sine=frequency=440:duration={VideoSeconds}", "-ac", "2", "-ar", "48000",
            "-c:a", "libopus", "-b:a", "64k", "-frame_duration", "20", "-f", "ogg", ogg);
        List<byte[]> packets = ReadOggPackets(File.ReadAllBytes(ogg));

        // RFC 7845 §3: the first two packets are the OpusHead and OpusTags headers.
        Assert.Equal("OpusHead"u8.ToArray(), packets[0][..8]);
        return packets.Skip(2).ToList();
    }

    private static List<byte[]> ReadOggPackets(byte[] ogg)
    {
        // RFC 3533 §6: "OggS", version, flags, granule (8), serial, page sequence, CRC, segment count, lacing table.
        const int SegmentCountOffset = 26, HeaderSize = 27;
        var packets = new List<byte[]>();
        var current = new List<byte>();
        int offset = 0;
        while (offset + HeaderSize <= ogg.Length)
        {
            Assert.Equal("OggS"u8.ToArray(), ogg[offset..(offset + 4)]);
            int segments = ogg[offset + SegmentCountOffset];
            int data = offset + HeaderSize + segments;
            for (int i = 0; i < segments; i++)
            {
                int lacing = ogg[offset + HeaderSize + i];
                current.AddRange(ogg.AsSpan(data, lacing).ToArray());
                data += lacing;

                // A lacing value below 255 ends the packet; 255 continues it in the next segment.
                if (lacing < 255)
                {
                    packets.Add([.. current]);
                    current.Clear();
                }
            }

            offset = data;
        }

        return packets;
    }
}
