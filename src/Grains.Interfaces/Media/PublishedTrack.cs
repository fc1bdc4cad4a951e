namespace Live.Media;

/// <summary>
/// A track someone publishes in a session; browsers subscribe to it by <see cref="TrackId"/>. <see cref="Generation"/>
/// changes when the publisher's stream starts over (they reconnected, or the router moved): subscribers subscribe again.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.PublishedTrack")]
public sealed record PublishedTrack(
    [property: Id(0)] string TrackId,
    [property: Id(1)] string ParticipantId,
    [property: Id(2)] TrackSource Source,
    [property: Id(3)] string Kind,
    [property: Id(4)] int Generation = 0);
