using Orleans.Placement;

namespace Live.Grains.Media;

/// <summary>
/// Places a grain on the silo its key names (<see cref="MediaEdgeKey"/>). When that silo is not active, or the key
/// names none, the calling silo hosts it (the caller then sees that it is not where it asked).
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SiloPinnedPlacement : PlacementStrategy
{
    public static readonly SiloPinnedPlacement Instance = new();
}

/// <summary>Marks a grain class as placed by <see cref="SiloPinnedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloPinnedPlacementAttribute() : PlacementAttribute(SiloPinnedPlacement.Instance);
