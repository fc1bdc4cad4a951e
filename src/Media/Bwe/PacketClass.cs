namespace Live.Media.Bwe;

/// <summary>What a paced packet carries, which sets its priority in the <see cref="Pacer"/> (audio first, then retransmissions, then video).</summary>
public enum PacketClass : byte
{
    /// <summary>Audio: small, latency sensitive, sent before anything else.</summary>
    Audio = 0,

    /// <summary>A retransmission (RTX) answering a NACK: late already, sent before new video.</summary>
    Retransmission = 1,

    /// <summary>Video (and anything else): paced at the budget's rate, dropped first when the queue is full.</summary>
    Video = 2,
}
