namespace Live.Sessions;

/// <summary>A product a sales host pushes to the customer's screen.</summary>
[GenerateSerializer, Immutable, Alias("Live.ProductCard")]
public sealed record ProductCard(
    [property: Id(0)] string Id,
    [property: Id(1)] string Title,
    [property: Id(2)] string Price,
    [property: Id(3)] string? ImageUrl,
    [property: Id(4)] string? Link);
