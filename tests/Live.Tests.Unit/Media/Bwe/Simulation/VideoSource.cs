namespace Live.Tests.Unit.Media.Bwe.Simulation;

/// <summary>
/// A simulated encoder: 30 frames per second sized to the current target (a keyframe of <see cref="KeyFrameFactor"/>
/// times that every <see cref="KeyFrameIntervalUs"/>), each frame cut into packets of at most 1200 bytes.
/// </summary>
internal sealed class VideoSource
{
    public const long FrameIntervalUs = 33_333;
    public const int MaxPacketBytes = 1200;
    public const long KeyFrameIntervalUs = 10_000_000;
    public const int KeyFrameFactor = 3;

    private long nextFrameUs;
    private long nextKeyFrameUs;

    /// <summary>Calls <paramref name="emit"/> with each packet size of every frame due by <paramref name="nowUs"/>.</summary>
    public void Produce(long nowUs, long targetBps, Action<int> emit)
    {
        while (nextFrameUs <= nowUs)
        {
            long bytes = targetBps * FrameIntervalUs / 8 / 1_000_000;
            if (nextFrameUs >= nextKeyFrameUs)
            {
                bytes *= KeyFrameFactor;
                nextKeyFrameUs += KeyFrameIntervalUs;
            }

            while (bytes > 0)
            {
                int size = (int)Math.Min(bytes, MaxPacketBytes);
                emit(Math.Max(size, 100));
                bytes -= size;
            }

            nextFrameUs += FrameIntervalUs;
        }
    }
}
