using Live.Media.Srtp;

namespace Live.Tests.Unit.Media.Srtp;

/// <summary>The RFC 3711 §3.3.2 sliding replay window.</summary>
public sealed class SrtpReplayWindowTests
{
    [Fact]
    public void Check_EmptyWindow_AcceptsAnything()
    {
        var window = new SrtpReplayWindow();

        Assert.Equal(SrtpError.None, window.Check(0, 64));
        Assert.Equal(SrtpError.None, window.Check(ulong.MaxValue >> 16, 64));
    }

    [Fact]
    public void Check_AcceptedIndex_IsReplayed()
    {
        var window = new SrtpReplayWindow();
        window.Accept(1000);

        Assert.Equal(SrtpError.Replayed, window.Check(1000, 128));
        Assert.Equal(SrtpError.None, window.Check(999, 128));
        Assert.Equal(SrtpError.None, window.Check(1001, 128));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(128)]
    public void Check_EdgeOfWindow_InsideAcceptedOutsideTooOld(int size)
    {
        var window = new SrtpReplayWindow();
        window.Accept(10_000);

        Assert.Equal(SrtpError.None, window.Check(10_000 - (ulong)size + 1, size));
        Assert.Equal(SrtpError.TooOld, window.Check(10_000 - (ulong)size, size));
    }

    [Fact]
    public void Accept_OutOfOrderInsideWindow_RemembersEachIndex()
    {
        var window = new SrtpReplayWindow();
        foreach (ulong index in new ulong[] { 50, 53, 51, 60 })
        {
            Assert.Equal(SrtpError.None, window.Check(index, 128));
            window.Accept(index);
        }

        foreach (ulong index in new ulong[] { 50, 51, 53, 60 })
        {
            Assert.Equal(SrtpError.Replayed, window.Check(index, 128));
        }

        Assert.Equal(SrtpError.None, window.Check(52, 128));
    }

    [Fact]
    public void Accept_JumpBeyondWindow_ForgetsOldBits()
    {
        var window = new SrtpReplayWindow();
        window.Accept(10);
        window.Accept(10 + 500);

        Assert.Equal(SrtpError.TooOld, window.Check(10, 128));
        Assert.Equal(SrtpError.None, window.Check(10 + 500 - 127, 128));
        Assert.Equal(SrtpError.Replayed, window.Check(510, 128));
    }
}
