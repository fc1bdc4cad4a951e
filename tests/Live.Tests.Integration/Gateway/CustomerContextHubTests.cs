using System.Text.Json;
using Live.Gateway.Auth;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Tests.Integration.Gateway;

/// <summary>The customer's link hands the shop's signed context to the hub; staff get it, the customer gets nothing back.</summary>
[Collection(GatewayCollection.Name), Trait("Category", "Gateway")]
public sealed class CustomerContextHubTests(GatewayFixture gateway)
{
    private static string Token(string name, string key = GatewayFixture.CustomerContextKey) => CustomerContextSigner.Sign(
        $$"""{"exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}},"name":"{{name}}","cartValue":89.9,"currency":"USD","note":"<b>VIP</b>"}""", key);

    [Fact]
    public async Task ShareCustomerContext_FromTheLobby_HostAndObserverGetItTheCustomerDoesNot()
    {
        var session = await gateway.CreateSessionAsync(SessionKind.SalesCall);
        await using var host = await gateway.JoinAsync(session.Id, Role.Host, "Hana");
        await using var observer = await gateway.JoinAsync(session.Id, Role.Observer, "Omar");
        await using var casey = await gateway.JoinAsync(session.Id, Role.Customer, "Casey");
        await host.WaitForAsync("staffRoster", r => r.EnumerateArray().Any(e => e.GetProperty("participantId").GetString() == casey.Id));

        await casey.Connection.InvokeAsync("ShareCustomerContext", Token("Casey Doe"));

        foreach (var staff in new[] { host, observer })
        {
            var notice = await staff.WaitForAsync("customerContext");
            Assert.Equal(casey.Id, notice.GetProperty("participantId").GetString());
            Assert.Equal("Casey Doe", notice.GetProperty("context").GetProperty("name").GetString());
            Assert.Equal(89.9m, notice.GetProperty("context").GetProperty("cartValue").GetDecimal());
        }
        var hostView = await host.Connection.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.Equal("<b>VIP</b>", hostView.GetProperty("customerContexts").GetProperty(casey.Id).GetProperty("note").GetString());
        var caseyView = await casey.Connection.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.False(caseyView.TryGetProperty("customerContexts", out _));
        Assert.DoesNotContain(casey.Received, e => e.Json.Contains("Casey Doe"));
    }

    [Fact]
    public async Task ShareCustomerContext_SignedWithAnotherKey_RefusedCountedAndNothingStored()
    {
        var session = await gateway.CreateSessionAsync(SessionKind.SalesCall);
        await using var host = await gateway.JoinAsync(session.Id, Role.Host, "Hana");
        await using var casey = await gateway.JoinAsync(session.Id, Role.Customer, "Casey");
        var counted = CustomerContextTokens.Refused.WithLabels(CustomerContextTokens.BadSignature).Value;

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            casey.Connection.InvokeAsync("ShareCustomerContext", Token("Mallory", "a-customer-guessing-at-the-key-0123456789")));

        Assert.Contains("context-bad-signature", refused.Message);
        Assert.True(CustomerContextTokens.Refused.WithLabels(CustomerContextTokens.BadSignature).Value > counted);
        var hostView = await host.Connection.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.Empty(hostView.GetProperty("customerContexts").EnumerateObject());
    }
}
