namespace Live.Sessions;

/// <summary>What an integrator gives to create a session: a title, a kind, and optionally a discussion guide and product cards.</summary>
[GenerateSerializer, Immutable, Alias("Live.SessionSpec")]
public sealed record SessionSpec(
    [property: Id(0)] string Title,
    [property: Id(1)] SessionKind Kind,
    [property: Id(2)] IReadOnlyList<string>? Guide = null,
    [property: Id(3)] IReadOnlyList<ProductCard>? ProductCards = null);
