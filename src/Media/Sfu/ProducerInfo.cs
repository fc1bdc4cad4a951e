namespace Live.Media.Sfu;

/// <summary>What the control plane needs to know about a producer: its id, owner, source and kind.</summary>
public sealed record ProducerInfo(string Id, string ParticipantId, TrackSource Source, MediaKind Kind);
