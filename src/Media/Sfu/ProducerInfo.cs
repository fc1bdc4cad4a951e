namespace Live.Media.Sfu;

/// <summary>What the control plane needs to know about a producer: its id, owner, source and kind.</summary>
public sealed record ProducerInfo(string Id, string ParticipantId, TrackSource Source, MediaKind Kind)
{
    /// <summary>
    /// Tells apart producers that share an id: a publisher that reconnects (a new transport) gets new producers with the
    /// same ids, whose consumers are new too, so subscribers must subscribe again.
    /// </summary>
    public int Generation { get; init; }
}
