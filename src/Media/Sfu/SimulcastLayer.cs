namespace Live.Media.Sfu;

/// <summary>
/// One simulcast stream of a producer (RFC 8853): its rid from the offer and its position in the publisher's encoding
/// order (0 = first listed; the web app lists low to high), and the SSRCs learned from the first packets that carry
/// the rid (RFC 8852 §3.1 RtpStreamId) or repair it (§3.2 RepairedRtpStreamId). Once learned, an SSRC never changes.
/// </summary>
public sealed class SimulcastLayer(string rid, int index)
{
    private uint _ssrc;
    private uint _rtxSsrc;
    private volatile SimulcastLayerReceiver? _receiver;

    public string Rid { get; } = rid;

    /// <summary>Position in the offer's a=simulcast send list.</summary>
    public int Index { get; } = index;

    /// <summary>The media SSRC carrying this rid, 0 until a packet showed it.</summary>
    public uint Ssrc => Volatile.Read(ref _ssrc);

    /// <summary>The RTX SSRC repairing this rid, 0 until a packet showed it.</summary>
    public uint RtxSsrc => Volatile.Read(ref _rtxSsrc);

    /// <summary>The layer's receive state, set once when its media SSRC is bound; null before.</summary>
    internal SimulcastLayerReceiver? Receiver => _receiver;

    /// <summary>Sets the receive state once (the router's packet lane, when the layer's media SSRC is bound).</summary>
    internal void Bind(SimulcastLayerReceiver receiver) => _receiver ??= receiver;

    /// <summary>Takes <paramref name="ssrc"/> as this layer's media (or RTX) SSRC if none was learned; false otherwise.</summary>
    internal bool TryLearn(uint ssrc, bool repair) =>
        Interlocked.CompareExchange(ref repair ? ref _rtxSsrc : ref _ssrc, ssrc, 0) == 0;

    /// <summary>True when <paramref name="ssrc"/> is this layer's media or RTX SSRC.</summary>
    internal bool Owns(uint ssrc) => ssrc != 0 && (ssrc == Ssrc || ssrc == RtxSsrc);
}
