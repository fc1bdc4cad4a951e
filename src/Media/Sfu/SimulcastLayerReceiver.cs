using Live.Media.KeyFrames;
using Live.Media.Simulcast;

namespace Live.Media.Sfu;

/// <summary>
/// The receive state of one bound simulcast layer: its own NACK history (each layer numbers its packets on its own,
/// so they cannot share a ring), receive statistics (gaps to NACK, the publisher's SR for the layer's timestamps), its
/// keyframe gate, and its measured rate. The producer's primary layer shares the producer's own history, statistics and
/// gate, so it behaves exactly as a single-stream producer does.
/// </summary>
internal sealed class SimulcastLayerReceiver(RtpHistory? history, ReceiveStatistics statistics, KeyFrameRequestGate keyFrames,
    LayerBitrateMeter bitrate)
{
    public RtpHistory? History { get; } = history;

    public ReceiveStatistics Statistics { get; } = statistics;

    public KeyFrameRequestGate KeyFrames { get; } = keyFrames;

    public LayerBitrateMeter Bitrate { get; } = bitrate;
}
