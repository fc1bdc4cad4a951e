namespace Live.Media.Rtcp;

/// <summary>Per-packet reception status in transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.1).</summary>
public enum TwccPacketStatus : byte
{
    /// <summary>Packet not received.</summary>
    NotReceived = 0,

    /// <summary>Received; its delta fits one unsigned byte (0–63.75 ms).</summary>
    SmallDelta = 1,

    /// <summary>Received; its delta needs a signed 16-bit value (large or negative).</summary>
    LargeDelta = 2,
}
