namespace Live.Tests.Unit.Media.Sfu;

/// <summary>How the SFU loopback tests wait for the server's threads to get somewhere.</summary>
internal static class SfuTestWait
{
    /// <summary>Polls <paramref name="condition"/> every 20 ms; fails the test if it is still false after <paramref name="wait"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, TimeSpan wait)
    {
        var deadline = DateTime.UtcNow + wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
