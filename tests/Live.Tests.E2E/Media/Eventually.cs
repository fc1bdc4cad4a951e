using Xunit;
namespace Live.Tests.E2E.Media;

/// <summary>Polls a condition until it holds or a deadline passes.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(200);
        }
        Assert.Fail($"Timed out waiting until {what}.");
    }
}
