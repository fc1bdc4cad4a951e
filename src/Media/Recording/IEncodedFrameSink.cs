namespace Live.Media.Recording;

/// <summary>Receives the frames a depacketizer reassembles, in order, on the packet path (so it must not block).</summary>
public interface IEncodedFrameSink
{
    /// <summary>Consumes one frame; its bytes are only valid during the call.</summary>
    void OnFrame(EncodedFrame frame);
}
