using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Live.Gateway.Hosting;
using Live.Participants;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Live.Tests.Integration.Gateway;

/// <summary>The connection check's doors on a real gateway: the join token's REST calls and the hub's report.</summary>
[Collection(GatewayCollection.Name), Trait("Category", "Gateway")]
public sealed class ConnectionCheckApiTests(GatewayFixture gateway)
{
    private HttpClient WithToken(string? token)
    {
        var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task IceServers_NoRelayConfigured_EmptyForAJoinTokenAndRefusedWithout()
    {
        var session = await gateway.CreateSessionAsync();
        var invite = await gateway.InviteAsync(session.Id, Role.Respondent, "Riley");

        var servers = await WithToken(invite.Token).GetFromJsonAsync<JsonElement>("/api/check/ice-servers");
        var anonymous = await WithToken(null).GetAsync("/api/check/ice-servers");
        var forged = await WithToken(invite.Token[..^4] + "AAAA").GetAsync("/api/check/ice-servers");

        Assert.Equal(0, servers.GetArrayLength());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.NotNull(invite.CheckUrl);
        Assert.Contains("/check.html#token=", invite.CheckUrl);
    }

    [Fact]
    public async Task Probe_OfferThatSubscribesOrSendsVideo_RefusedWithAReason()
    {
        var session = await gateway.CreateSessionAsync();
        var invite = await gateway.InviteAsync(session.Id, Role.Respondent, "Riley");

        var subscribing = await WithToken(invite.Token).PostAsJsonAsync("/api/check/probe",
            new { sdp = "v=0", publish = new Dictionary<string, string> { ["0"] = "microphone" }, subscribe = new Dictionary<string, string> { ["1"] = "someone:camera" } }, GatewayFixture.Json);
        var video = await WithToken(invite.Token).PostAsJsonAsync("/api/check/probe",
            new { sdp = "v=0", publish = new Dictionary<string, string> { ["0"] = "camera" } }, GatewayFixture.Json);

        foreach (var response in new[] { subscribing, video })
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains("invalid-sdp", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task ReportConnectionCheck_FromTheLobby_HostGetsItAndTheGuestDoesNot()
    {
        var session = await gateway.CreateSessionAsync();
        await using var host = await gateway.JoinAsync(session.Id, Role.Host, "Hana");
        await using var riley = await gateway.JoinAsync(session.Id, Role.Respondent, "Riley");
        await host.WaitForAsync("staffRoster", r => r.EnumerateArray().Any(e => e.GetProperty("participantId").GetString() == riley.Id));

        await riley.Connection.InvokeAsync("ReportConnectionCheck", new { path = "relay", roundTripMs = 310, lossPercent = 0, camera = "ok", microphone = "ok" });

        var notice = await host.WaitForAsync("connectionCheck");
        Assert.Equal(riley.Id, notice.GetProperty("participantId").GetString());
        Assert.Equal("relay", notice.GetProperty("check").GetProperty("path").GetString());
        Assert.Equal(310, notice.GetProperty("check").GetProperty("roundTripMs").GetInt32());
        var bad = await Assert.ThrowsAsync<HubException>(() => riley.Connection.InvokeAsync("ReportConnectionCheck", new { path = "relay", roundTripMs = 999_999, camera = "ok", microphone = "ok" }));
        Assert.Contains("invalid-input", bad.Message);
        Assert.DoesNotContain(riley.Received, e => e.Type == "connectionCheck");
        Assert.Empty(await riley.Connection.InvokeAsync<JsonElement[]>("GetIceServers"));
    }

    [Fact]
    public async Task Gateway_TurnSecretWithoutUrls_DoesNotStartAndSaysWhy()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Live:Auth:ApiKey"] = GatewayFixture.ApiKey,
            ["Live:Auth:SigningKey"] = GatewayFixture.SigningKey,
            ["Live:Turn:Secret"] = "a-secret-of-more-than-twenty-bytes",
            ["Live:Cluster:SiloPort"] = FreePort().ToString(),
            ["Live:Cluster:GatewayPort"] = FreePort().ToString(),
            ["Logging:LogLevel:Default"] = "None",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddLiveGateway();
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Live:Turn:Urls", error.Message);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
