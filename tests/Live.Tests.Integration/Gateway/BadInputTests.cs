using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Live.Gateway.Api;
using Live.Gateway.Auth;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Live.Tests.Integration.Gateway;

[Collection(GatewayCollection.Name), Trait("Category", "Gateway")]
public sealed class BadInputTests(GatewayFixture gateway)
{
    [Fact]
    public async Task ForgedToken_ConnectionRefusedWith401()
    {
        var session = await gateway.CreateSessionAsync();
        var forged = Token(session.Id, "mallory", Role.Host, "another-key-that-is-certainly-32-bytes-long!!", DateTime.UtcNow.AddHours(1));
        await using var connection = HubParticipant.Build(gateway.BaseAddress, forged);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public async Task ExpiredToken_ConnectionRefusedWith401()
    {
        var session = await gateway.CreateSessionAsync();
        var expired = Token(session.Id, "late", Role.Respondent, GatewayFixture.SigningKey, DateTime.UtcNow.AddMinutes(-5));
        await using var connection = HubParticipant.Build(gateway.BaseAddress, expired);
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
    }

    [Fact]
    public async Task TokenForAnotherOrUnknownSession_RefusedWithReasonAndClosed()
    {
        var token = Token("no-such-session", "p1", Role.Host, GatewayFixture.SigningKey, DateTime.UtcNow.AddHours(1));
        await using var connection = HubParticipant.Build(gateway.BaseAddress, token);
        var refused = new TaskCompletionSource<string>();
        connection.On<string, JsonElement>("Event", (type, data) => { if (type == "refused") refused.TrySetResult(data.GetProperty("code").GetString()!); });
        var closed = new TaskCompletionSource();
        connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        await connection.StartAsync();
        Assert.Equal("unknown-session", await refused.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task EndedSession_NewConnectionsRefused()
    {
        var session = await gateway.CreateSessionAsync();
        var invite = await gateway.InviteAsync(session.Id, Role.Respondent, "Riley");
        (await gateway.Admin.PostAsync($"/api/sessions/{session.Id}/end", null)).EnsureSuccessStatusCode();
        await using var connection = HubParticipant.Build(gateway.BaseAddress, invite.Token);
        var refused = new TaskCompletionSource<string>();
        connection.On<string, JsonElement>("Event", (type, data) => { if (type == "refused") refused.TrySetResult(data.GetProperty("code").GetString()!); });
        await connection.StartAsync();
        Assert.Equal("wrong-phase", await refused.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task WrongRoleAndUnknownIds_ClearHubErrorsAndNothingChanges()
    {
        var session = await gateway.CreateSessionAsync();
        await using var host = await gateway.JoinAsync(session.Id, Role.Host, "Hana");
        await using var observer = await gateway.JoinAsync(session.Id, Role.Observer, "Omar");
        await host.Connection.InvokeAsync("GoLive");

        var notHost = await Assert.ThrowsAsync<HubException>(() => observer.Connection.InvokeAsync<JsonElement>("ShowPrompt", "Observers talk now"));
        Assert.Contains("HubException: not-host:", notHost.Message);
        var unknownPoll = await Assert.ThrowsAsync<HubException>(() => host.Connection.InvokeAsync<JsonElement>("ClosePoll", "poll-999"));
        Assert.Contains("HubException: unknown-poll:", unknownPoll.Message);
        var unknownPerson = await Assert.ThrowsAsync<HubException>(() => host.Connection.InvokeAsync("Admit", "nobody"));
        Assert.Contains("HubException: unknown-participant:", unknownPerson.Message);
        var poll = await host.Connection.InvokeAsync<JsonElement>("OpenPoll", "Q?", new[] { "a", "b" }, false, false);
        var badOption = await Assert.ThrowsAsync<HubException>(() => host.Connection.InvokeAsync<JsonElement>("Vote", poll.GetProperty("id").GetString(), new[] { 7 }));
        Assert.Contains("HubException: not-voter:", badOption.Message);
        await Assert.ThrowsAsync<HubException>(() => host.Connection.InvokeAsync("NoSuchMethod"));

        var snapshot = await host.Connection.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.Equal(JsonValueKind.Null, snapshot.GetProperty("prompt").ValueKind);
    }

    [Fact]
    public async Task OversizedMessage_RefusedWithClearErrorCountedAndConnectionKept()
    {
        var session = await gateway.CreateSessionAsync();
        await using var host = await gateway.JoinAsync(session.Id, Role.Host, "Hana");
        await using var observer = await gateway.JoinAsync(session.Id, Role.Observer, "Omar");
        var before = await ManagementCounterAsync("live_hub_messages_refused_total{reason=\"message-too-large\"}");
        var huge = new string('x', 64 * 1024);
        var refused = await Assert.ThrowsAsync<HubException>(() => observer.Connection.InvokeAsync<JsonElement>("Chat", huge));
        Assert.Contains("HubException: message-too-large:", refused.Message);
        Assert.Equal(HubConnectionState.Connected, observer.Connection.State);
        Assert.Equal(before + 1, await ManagementCounterAsync("live_hub_messages_refused_total{reason=\"message-too-large\"}"));

        // The connection still works, and nothing of the refused message was stored.
        await observer.Connection.InvokeAsync<JsonElement>("Chat", "still here");
        var tooLong = await Assert.ThrowsAsync<HubException>(() => host.Connection.InvokeAsync<JsonElement>("Chat", new string('y', 2_001)));
        Assert.Contains("HubException: invalid-input:", tooLong.Message);
        var snapshot = await host.Connection.InvokeAsync<JsonElement>("GetSnapshot");
        Assert.Equal(["still here"], snapshot.GetProperty("chat").EnumerateArray().Select(m => m.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task MessageOverTheTransportCeiling_ConnectionClosed()
    {
        var session = await gateway.CreateSessionAsync();
        await using var observer = await gateway.JoinAsync(session.Id, Role.Observer, "Omar");
        var closed = new TaskCompletionSource();
        observer.Connection.Closed += _ => { closed.TrySetResult(); return Task.CompletedTask; };
        var huge = new string('x', 200 * 1024);
        await Assert.ThrowsAnyAsync<Exception>(() => observer.Connection.InvokeAsync<JsonElement>("Chat", huge));
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<double> ManagementCounterAsync(string sample)
    {
        using var http = new HttpClient { BaseAddress = gateway.ManagementAddress };
        var line = (await http.GetStringAsync("/metrics")).Split('\n').FirstOrDefault(l => l.StartsWith(sample + " ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task AdminApi_WithoutKeyOrWithGuestToken_Unauthorized()
    {
        using var anonymous = new HttpClient { BaseAddress = gateway.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/sessions")).StatusCode);
        var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/api/sessions");
        wrongKey.Headers.Add("X-Api-Key", "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(wrongKey)).StatusCode);

        var session = await gateway.CreateSessionAsync();
        var guest = await gateway.InviteAsync(session.Id, Role.Respondent, "Riley");
        var byGuest = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.Id}/invites")
        {
            Content = JsonContent.Create(new CreateInviteRequest(Role.Host, "Sneaky", null), options: GatewayFixture.Json),
        };
        byGuest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", guest.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(byGuest)).StatusCode);

        var host = await gateway.InviteAsync(session.Id, Role.Host, "Hana");
        var byHost = new HttpRequestMessage(HttpMethod.Post, $"/api/sessions/{session.Id}/invites")
        {
            Content = JsonContent.Create(new CreateInviteRequest(Role.Observer, "Omar", 30), options: GatewayFixture.Json),
        };
        byHost.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.Token);
        var invited = await anonymous.SendAsync(byHost);
        Assert.Equal(HttpStatusCode.OK, invited.StatusCode);
        Assert.Contains("/backroom.html#token=", (await invited.Content.ReadFromJsonAsync<Invite>(GatewayFixture.Json))!.Url);
    }

    [Fact]
    public async Task Api_BadBodiesAndUnknownIds_ClearProblems()
    {
        var tooLong = await gateway.Admin.PostAsJsonAsync("/api/sessions",
            new CreateSessionRequest(new string('t', 500), SessionKind.FocusGroup, null, null), GatewayFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("invalid-input", (await tooLong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());

        var malformed = await gateway.Admin.PostAsync("/api/sessions", new StringContent("{not json", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Admin.GetAsync("/api/sessions/does-not-exist")).StatusCode);

        var session = await gateway.CreateSessionAsync();
        var customer = await gateway.Admin.PostAsJsonAsync($"/api/sessions/{session.Id}/invites",
            new CreateInviteRequest(Role.Customer, "Cara", null), GatewayFixture.Json);
        Assert.Equal(HttpStatusCode.Conflict, customer.StatusCode);
        Assert.Equal("wrong-role", (await customer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task OpenApiAndOperatorEndpoints_Served()
    {
        using var anonymous = new HttpClient { BaseAddress = gateway.BaseAddress };
        var openApi = await anonymous.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/sessions/{id}/invites", openApi);
        Assert.Equal("Healthy", await anonymous.GetStringAsync("/health/ready"));
        using var management = new HttpClient { BaseAddress = gateway.ManagementAddress };
        var metrics = await management.GetStringAsync("/metrics");
        Assert.Contains("live_hub_connections", metrics);
        Assert.Contains("live_grain_call_duration_seconds", metrics);
        Assert.Equal("Healthy", await management.GetStringAsync("/health/ready"));
    }

    [Fact]
    public async Task MetricsOnPublicPort_NotServedEvenWithTheApiKeyOrAForgedHost()
    {
        // The management port serves them (proving the path exists), the public one does not, whatever the request says.
        using var management = new HttpClient { BaseAddress = gateway.ManagementAddress };
        Assert.Contains("live_hub_connections", await management.GetStringAsync("/metrics"));
        using var anonymous = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        forged.Headers.Host = $"127.0.0.1:{gateway.ManagementAddress.Port}";
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.SendAsync(forged)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Admin.GetAsync("/metrics")).StatusCode);
    }

    private static string Token(string sessionId, string participantId, Role role, string key, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.Issuer,
            Audience = AuthOptions.Audience,
            NotBefore = expires.AddHours(-2),
            IssuedAt = expires.AddHours(-2),
            Expires = expires,
            Claims = new Dictionary<string, object>
            {
                [JoinTokens.SessionClaim] = sessionId,
                [JoinTokens.ParticipantClaim] = participantId,
                [JoinTokens.RoleClaim] = role.ToString(),
                [JoinTokens.NameClaim] = "Someone",
            },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });
}
