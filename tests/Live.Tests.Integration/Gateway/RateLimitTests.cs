using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Live.Tests.Integration.Gateway;

/// <summary>
/// Per-address limits on a real gateway with tiny budgets (<see cref="LimitedGatewayFixture"/>): the request past the
/// budget is refused clearly, another address is untouched, and the operator's /metrics counts the refusal by reason.
/// </summary>
[Collection(LimitedGatewayCollection.Name), Trait("Category", "Gateway")]
public sealed partial class RateLimitTests(LimitedGatewayFixture gateway)
{
    [Fact]
    public async Task Rest_PastTheBurst_429WithRetryAfterAndProblem_OtherAddressServed_Counted()
    {
        var session = await gateway.CreateSessionAsync();
        var counted = await RefusalsAsync("api-rate");
        using var client = From(LimitedGatewayFixture.NewAddress(), apiKey: true);

        // The bucket refills one a second, so on a slow machine a few more may pass; none is refused within the burst.
        var (accepted, refused) = await UntilRefusedAsync(() => client.GetAsync($"/api/sessions/{session.Id}"));
        Assert.InRange(accepted, LimitedGatewayFixture.ApiBurst, LimitedGatewayFixture.ApiBurst + 20);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rate-limited", problem.GetProperty("code").GetString());

        using var neighbour = From(LimitedGatewayFixture.NewAddress(), apiKey: true);
        Assert.Equal(HttpStatusCode.OK, (await neighbour.GetAsync($"/api/sessions/{session.Id}")).StatusCode);
        Assert.True(await RefusalsAsync("api-rate") > counted);

        // Retry-After is honest: after it, the same address is served again.
        await Task.Delay(TimeSpan.FromSeconds(int.Parse(refused.Headers.GetValues("Retry-After").Single())));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/sessions/{session.Id}")).StatusCode);
    }

    [Fact]
    public async Task HubConnects_PastTheBurst_NegotiateRefused429_EvenWithoutCredentials_Counted()
    {
        var counted = await RefusalsAsync("hub-connect-rate");
        using var client = From(LimitedGatewayFixture.NewAddress(), apiKey: false);
        // No token: refused with 401 until the budget is spent, then 429 — a flood costs no authentication.
        var (accepted, refused) = await UntilRefusedAsync(() => client.PostAsync("/hubs/session/negotiate?negotiateVersion=1", null));
        Assert.InRange(accepted, LimitedGatewayFixture.HubConnectBurst, LimitedGatewayFixture.HubConnectBurst + 20);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.True(await RefusalsAsync("hub-connect-rate") > counted);
    }

    [Fact]
    public async Task MediaNegotiations_PastTheBudget_HubErrorRateLimited_ConnectionStaysOpen_Counted()
    {
        var session = await gateway.CreateSessionAsync();
        var observer = await gateway.InviteAsync(session.Id, Role.Observer, "Omar");
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(gateway.BaseAddress, "/hubs/session"), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(observer.Token);
                o.Headers["X-Forwarded-For"] = LimitedGatewayFixture.NewAddress();
            })
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)))
            .Build();
        await hub.StartAsync();
        var counted = await RefusalsAsync("media-negotiation-rate");

        var offer = new { sdp = "v=0 not an offer", publish = new Dictionary<string, string>(), subscribe = new Dictionary<string, string>() };
        var errors = new List<string>();
        for (var i = 0; i < LimitedGatewayFixture.MediaBurst + 20 && !errors.Any(e => e.Contains("rate-limited")); i++)
        {
            var error = await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<JsonElement>("Negotiate", offer));
            errors.Add(error.Message);
        }
        Assert.Contains("HubException: rate-limited: ", errors[^1]);
        // Within the budget the offer reached the media router (and was refused for what it is, not for the rate).
        Assert.All(errors.Take(LimitedGatewayFixture.MediaBurst), e => Assert.DoesNotContain("rate-limited", e));
        Assert.Equal(HubConnectionState.Connected, hub.State);
        Assert.Equal(session.Id, (await hub.InvokeAsync<JsonElement>("GetSnapshot")).GetProperty("sessionId").GetString());
        Assert.True(await RefusalsAsync("media-negotiation-rate") > counted);
    }

    /// <summary>Sends until the first refusal (429 or at most 60 requests); returns how many passed and the refusal.</summary>
    private static async Task<(int Accepted, HttpResponseMessage Refused)> UntilRefusedAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var accepted = 0; accepted < 60; accepted++)
        {
            var response = await send();
            if (response.StatusCode == HttpStatusCode.TooManyRequests) return (accepted, response);
        }
        throw new Xunit.Sdk.XunitException("60 requests from one address and none refused");
    }

    private HttpClient From(string address, bool apiKey)
    {
        var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        if (apiKey) client.DefaultRequestHeaders.Add("X-Api-Key", GatewayFixture.ApiKey);
        return client;
    }

    /// <summary>The refusals counter for a reason, as Prometheus scrapes it from the management port.</summary>
    private async Task<double> RefusalsAsync(string reason)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(gateway.ManagementAddress, "/metrics"));
        var match = Regex.Match(text, $@"^live_gateway_refusals_total\{{reason=""{reason}""\}} (\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
