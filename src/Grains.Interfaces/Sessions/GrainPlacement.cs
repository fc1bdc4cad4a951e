namespace Live.Sessions;

/// <summary>Where a grain's activation lives: the silo's runtime identity and its silo-to-silo endpoint.</summary>
[GenerateSerializer, Immutable, Alias("Live.GrainPlacement")]
public sealed record GrainPlacement(
    [property: Id(0)] string GrainKey,
    [property: Id(1)] string Silo,
    [property: Id(2)] string Address,
    [property: Id(3)] int SiloPort);
