namespace Live.Media.Simulcast;

/// <summary>
/// Turns a subscriber's bitrate budget into a target layer: the highest layer whose measured rate fits. Climbing above
/// the current layer needs <see cref="UpMargin"/> headroom while staying needs only the rate itself, so a budget that
/// hovers at a layer's rate does not flip the target up and down (hysteresis on rate; the selector adds one on time).
/// </summary>
public static class SimulcastLayerBudget
{
    /// <summary>A higher layer is chosen only when the budget exceeds its rate by this factor.</summary>
    public const double UpMargin = 1.2;

    /// <param name="budgetBitsPerSecond">What the subscriber's path can take for this consumer.</param>
    /// <param name="currentLayer">The layer forwarded now, -1 before the start.</param>
    /// <param name="layerBitrates">Measured rate of each layer (bits/s), 0 when the layer is not (or no longer) arriving.</param>
    /// <returns>The chosen layer; the lowest when nothing fits or nothing was measured yet (a budget was given: be careful).</returns>
    public static int ChooseLayer(long budgetBitsPerSecond, int currentLayer, ReadOnlySpan<long> layerBitrates)
    {
        int chosen = 0;
        for (int layer = 0; layer < layerBitrates.Length; layer++)
        {
            long rate = layerBitrates[layer];
            if (rate <= 0)
            {
                continue; // not arriving: never a target (the subscriber would wait for a keyframe that does not come)
            }

            double needed = layer > currentLayer ? rate * UpMargin : rate;
            if (budgetBitsPerSecond >= needed)
            {
                chosen = layer;
            }
        }

        return chosen;
    }
}
