using Orleans.Runtime.Placement;

namespace Live.Grains.Media;

/// <summary>Chooses the silo for a <see cref="SiloPinnedPlacement"/> grain: the one in its key if it can host it.</summary>
public sealed class SiloPinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        SiloAddress[] compatible = context.GetCompatibleSilos(target);
        if (MediaEdgeKey.TryParse(target.GrainIdentity.Key.ToString()!, out _, out SiloAddress? pinned)
            && compatible.FirstOrDefault(s => s.Equals(pinned)) is { } silo)
        {
            return Task.FromResult(silo);
        }

        return Task.FromResult(compatible.Contains(context.LocalSilo) ? context.LocalSilo : compatible[Random.Shared.Next(compatible.Length)]);
    }
}
