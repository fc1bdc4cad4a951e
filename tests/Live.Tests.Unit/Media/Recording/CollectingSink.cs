using Live.Media.Recording;

namespace Live.Tests.Unit.Media.Recording;

/// <summary>Copies every frame a depacketizer emits.</summary>
internal sealed class CollectingSink : IEncodedFrameSink
{
    public List<(byte[] Data, uint Timestamp, bool IsKey)> Frames { get; } = [];

    public void OnFrame(EncodedFrame frame) => Frames.Add((frame.Data.ToArray(), frame.RtpTimestamp, frame.IsKeyFrame));
}
