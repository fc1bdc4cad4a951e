using Live.Media.Simulcast;

namespace Live.Tests.Unit.Media.Simulcast;

/// <summary>A bitrate budget picks the highest layer that fits; going up needs headroom, staying does not.</summary>
public sealed class SimulcastLayerBudgetTests
{
    private static readonly long[] Rates = [150_000, 500_000, 1_500_000];

    [Theory]
    [InlineData(100_000L, 0, 0)]      // nothing fits: the lowest
    [InlineData(700_000L, 0, 1)]      // 1.4 × the middle rate
    [InlineData(550_000L, 0, 0)]      // 1.1 ×: not enough headroom to go up
    [InlineData(550_000L, 1, 1)]      // ...but enough to stay
    [InlineData(450_000L, 1, 0)]      // below the current layer's rate: down
    [InlineData(1_700_000L, 1, 1)]    // 1.13 × the top: stay in the middle
    [InlineData(1_900_000L, 1, 2)]
    [InlineData(1_500_000L, 2, 2)]
    public void ChooseLayer_HysteresisOnRate(long budget, int current, int expected)
    {
        Assert.Equal(expected, SimulcastLayerBudget.ChooseLayer(budget, current, Rates));
    }

    [Fact]
    public void LayerNotArriving_NeverChosen()
    {
        Assert.Equal(1, SimulcastLayerBudget.ChooseLayer(10_000_000, 1, [150_000, 500_000, 0]));
    }

    [Fact]
    public void LayerBitrateMeter_RateOfTheLastWindow_ZeroWhenTheLayerStops()
    {
        var meter = new LayerBitrateMeter(TimeSpan.FromSeconds(1), timestampFrequency: 1000);
        for (long t = 1; t <= 1001; t += 10)
        {
            meter.Add(1250, t); // 1250 bytes every 10 ms: 1 Mbit/s
        }

        Assert.InRange(meter.BitsPerSecond(1001), 980_000, 1_020_000);
        Assert.False(meter.IsSilent(1001 + 2000));
        Assert.Equal(0, meter.BitsPerSecond(1001 + 2001));
        Assert.True(meter.IsSilent(1001 + 2001));
        Assert.True(new LayerBitrateMeter(TimeSpan.FromSeconds(1), 1000).IsSilent(5)); // nothing ever arrived
    }
}
