using Live.Sessions;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>Asserts a call is refused by a session rule with the expected code.</summary>
public static class Refusal
{
    public static async Task<SessionRuleException> ExpectAsync(string code, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<SessionRuleException>(call);
        Assert.Equal(code, ex.Code);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
        return ex;
    }
}
