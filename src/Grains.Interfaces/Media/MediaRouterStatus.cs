namespace Live.Media;

/// <summary>
/// Where a session's media stands (the <c>media</c> event). Each activation of the media router has a new
/// <see cref="Epoch"/> (it only grows). <see cref="Active"/> false: the router of that epoch is going away (its silo
/// drains). A browser whose connection belongs to an older epoch, or to one going away, connects again at once rather
/// than wait for ICE to notice.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.MediaRouterStatus")]
public sealed record MediaRouterStatus(
    [property: Id(0)] long Epoch,
    [property: Id(1)] bool Active);
