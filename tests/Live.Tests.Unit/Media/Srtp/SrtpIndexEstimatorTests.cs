using Live.Media.Srtp;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>The RFC 3711 §3.3.1 / Appendix A index estimate, case by case.</summary>
public sealed class SrtpIndexEstimatorTests
{
    [Theory]
    [InlineData(0u, 100, 101, 0u)] // in order
    [InlineData(0u, 100, 50, 0u)] // reordered, same cycle
    [InlineData(0u, 65535, 0, 1u)] // wrap forwards
    [InlineData(0u, 60000, 200, 1u)] // wrap forwards after a gap
    [InlineData(1u, 2, 65534, 0u)] // late packet from before the wrap
    [InlineData(5u, 40000, 7000, 6u)] // s_l − 32768 = 7232 > 7000: next cycle
    [InlineData(5u, 40000, 7300, 5u)] // 7232 < 7300: same cycle
    [InlineData(5u, 1000, 33768, 5u)] // SEQ − s_l = 32768 is not > 32768: same cycle
    [InlineData(5u, 1000, 33769, 4u)] // 32769 > 32768: previous cycle
    public void TryGuessRoc_Rfc3711Cases_GuessesExpectedRoc(uint roc, int highest, int sequence, uint expected)
    {
        Assert.True(SrtpIndexEstimator.TryGuessRoc(roc, (ushort)highest, (ushort)sequence, out uint guessed));

        Assert.Equal(expected, guessed);
    }

    [Fact]
    public void TryGuessRoc_PreviousCycleWhileRocIsZero_HasNoIndex()
    {
        Assert.False(SrtpIndexEstimator.TryGuessRoc(0, 2, 65534, out _));
    }

    [Fact]
    public void ToIndex_RocAndSequence_Concatenate()
    {
        Assert.Equal(0x0001_2345_ABCDul, SrtpIndexEstimator.ToIndex(0x12345, 0xABCD));
    }

    [Theory]
    [InlineData(3u, 100, 4u, 5, 4u, 5)] // next cycle: ROC and s_l move
    [InlineData(3u, 100, 3u, 150, 3u, 150)] // same cycle, newer: s_l moves
    [InlineData(3u, 100, 3u, 50, 3u, 100)] // same cycle, older: nothing moves
    [InlineData(3u, 100, 2u, 65000, 3u, 100)] // previous cycle: nothing moves
    public void Update_AfterAuthentication_OnlyMovesForwards(uint roc, int highest, uint guessed, int sequence, uint expectedRoc, int expectedHighest)
    {
        ushort highestSequence = (ushort)highest;

        SrtpIndexEstimator.Update(ref roc, ref highestSequence, guessed, (ushort)sequence);

        Assert.Equal(expectedRoc, roc);
        Assert.Equal((ushort)expectedHighest, highestSequence);
    }
}
