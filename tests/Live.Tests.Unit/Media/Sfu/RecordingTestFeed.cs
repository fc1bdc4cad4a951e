using Live.Media.Rtp;
using Live.Media.Sfu;
using ManualTimeProvider = Live.Tests.Unit.Media.Ice.ManualTimeProvider;
using Live.Tests.Unit.Media.Recording;

namespace Live.Tests.Unit.Media.Sfu;

/// <summary>
/// Plays real libvpx/libopus media (made by ffmpeg, <see cref="TestMedia"/>) into producers as the receive thread
/// would: one RTP packet at a time at its capture time, 30 fps video and 20 ms Opus interleaved, the clock moving with it.
/// </summary>
internal sealed class RecordingTestFeed(ManualTimeProvider time, Producer? camera, Producer? microphone)
{
    private readonly List<(int Frame, byte[] Packet)> _video =
        RtpTestPacketizer.PacketizeVp8(TestMedia.Vp8Frames.Select(f => f.Data).ToList());

    private readonly List<byte[]> _audio = RtpTestPacketizer.PacketizeOpus(TestMedia.OpusPackets);
    private int _nextVideo;
    private int _nextAudio;

    /// <summary>Media time played so far, in ms.</summary>
    public long NowMs { get; private set; }

    /// <summary>Video frames played (whole or in part).</summary>
    public int VideoFrame => _nextVideo < _video.Count ? _video[_nextVideo].Frame : _video[^1].Frame + 1;

    /// <summary>Plays every packet captured before <paramref name="ms"/> and moves the clock there.</summary>
    public void PlayUntil(long ms)
    {
        while (true)
        {
            long videoAt = _nextVideo < _video.Count ? _video[_nextVideo].Frame * 1000L / TestMedia.VideoFps : long.MaxValue;
            long audioAt = _nextAudio < _audio.Count ? _nextAudio * 20L : long.MaxValue;
            long next = Math.Min(videoAt, audioAt);
            if (next >= ms)
            {
                break;
            }

            MoveTo(next);
            if (videoAt <= audioAt)
            {
                Push(camera, _video[_nextVideo++].Packet);
            }
            else
            {
                Push(microphone, _audio[_nextAudio++]);
            }
        }

        MoveTo(ms);
    }

    public void Push(Producer? producer, byte[] packet)
    {
        if (producer is null)
        {
            return;
        }

        Assert.True(RtpHeader.TryParse(packet, out RtpHeader header));
        producer.OnRtp(packet, header, time.GetTimestamp(), time.TimestampFrequency, isRepair: false);
    }

    private void MoveTo(long ms)
    {
        if (ms > NowMs)
        {
            time.Advance(TimeSpan.FromMilliseconds(ms - NowMs));
            NowMs = ms;
        }
    }
}
