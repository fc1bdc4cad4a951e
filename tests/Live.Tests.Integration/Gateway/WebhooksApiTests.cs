using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Live.Gateway.Api;
using Live.Grains.Webhooks;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Live.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Live.Tests.Integration.Gateway;

/// <summary>The webhook REST API: API key only, secrets shown once, bad URLs refused, and a real delivery through the gateway.</summary>
[Collection(GatewayCollection.Name), Trait("Category", "Gateway")]
public sealed class WebhooksApiTests(GatewayFixture gateway)
{
    [Fact]
    public async Task EveryWebhookRoute_WithoutOrWithWrongApiKey_401()
    {
        using var anonymous = new HttpClient { BaseAddress = gateway.BaseAddress };
        using var wrongKey = new HttpClient { BaseAddress = gateway.BaseAddress };
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", "not-the-api-key-0123456789");
        foreach (var client in new[] { anonymous, wrongKey })
        {
            HttpRequestMessage[] requests =
            [
                new(HttpMethod.Get, "/api/webhooks"),
                new(HttpMethod.Post, "/api/webhooks") { Content = JsonContent.Create(new { url = "http://127.0.0.1:9/hook" }) },
                new(HttpMethod.Delete, "/api/webhooks/wh1"),
                new(HttpMethod.Post, "/api/webhooks/wh1/rotate-secret"),
                new(HttpMethod.Get, "/api/sessions/s1/webhooks/dead-letters"),
                new(HttpMethod.Post, "/api/sessions/s1/webhooks/dead-letters/dl1/replay"),
                new(HttpMethod.Post, "/api/sessions/s1/webhooks/replay") { Content = JsonContent.Create(new { endpointId = "wh1", fromSequence = 1 }) },
            ];
            foreach (var request in requests)
                Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
        }
    }

    [Fact]
    public async Task Register_ShowsSecretOnce_ListHidesIt_DeleteRemoves_BadUrlRefused()
    {
        var refused = await gateway.Admin.PostAsJsonAsync("/api/webhooks", new WebhooksApi.RegisterWebhookRequest("ftp://127.0.0.1/hook", null), GatewayFixture.Json);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var created = await gateway.Admin.PostAsJsonAsync("/api/webhooks",
            new WebhooksApi.RegisterWebhookRequest("https://hooks.example.com/live", [WebhookEventTypes.SessionEnded]), GatewayFixture.Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var registration = (await created.Content.ReadFromJsonAsync<WebhookRegistration>(GatewayFixture.Json))!;
        Assert.StartsWith("whsec_", registration.Secret);

        var list = await gateway.Admin.GetStringAsync("/api/webhooks");
        Assert.Contains(registration.Endpoint.Id, list);
        Assert.DoesNotContain(registration.Secret, list);
        Assert.DoesNotContain("secret", list, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.NoContent, (await gateway.Admin.DeleteAsync($"/api/webhooks/{registration.Endpoint.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.Admin.DeleteAsync($"/api/webhooks/{registration.Endpoint.Id}")).StatusCode);
    }

    [Fact]
    public async Task SessionEndedThroughRest_ReachesTheReceiver_DeadLettersAndReplayAnswer()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await gateway.Admin.PostAsJsonAsync("/api/webhooks",
            new WebhooksApi.RegisterWebhookRequest(receiver.Url.ToString(), [WebhookEventTypes.SessionEnded]), GatewayFixture.Json);
        var registration = (await created.Content.ReadFromJsonAsync<WebhookRegistration>(GatewayFixture.Json))!;
        receiver.Secret = registration.Secret;
        try
        {
            var session = await gateway.CreateSessionAsync();
            (await gateway.Admin.PostAsync($"/api/sessions/{session.Id}/end", null)).EnsureSuccessStatusCode();
            var delivery = (await receiver.WaitForAsync(r => r.Any(x => x.SessionId == session.Id))).Single(r => r.SessionId == session.Id);
            Assert.True(delivery.Verified);
            Assert.Equal(WebhookEventTypes.SessionEnded, delivery.Type);

            Assert.Equal("[]", await gateway.Admin.GetStringAsync($"/api/sessions/{session.Id}/webhooks/dead-letters"));
            Assert.Equal(HttpStatusCode.NotFound,
                (await gateway.Admin.PostAsync($"/api/sessions/{session.Id}/webhooks/dead-letters/dl999/replay", null)).StatusCode);
            var replay = await gateway.Admin.PostAsJsonAsync($"/api/sessions/{session.Id}/webhooks/replay",
                new WebhooksApi.ReplayRequest(registration.Endpoint.Id, delivery.Sequence), GatewayFixture.Json);
            Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
            Assert.Equal(1, JsonDocument.Parse(await replay.Content.ReadAsStringAsync()).RootElement.GetProperty("queued").GetInt32());
            await receiver.WaitForAsync(r => r.Count(x => x.SessionId == session.Id) == 2);
            Assert.Equal(HttpStatusCode.NotFound, (await gateway.Admin.PostAsJsonAsync($"/api/sessions/{session.Id}/webhooks/replay",
                new WebhooksApi.ReplayRequest("wh-none", 1), GatewayFixture.Json)).StatusCode);
        }
        finally
        {
            await gateway.Admin.DeleteAsync($"/api/webhooks/{registration.Endpoint.Id}");
        }
    }

    [Fact]
    public async Task RotateSecret_BothSignaturesDuringGrace_OnlyTheNewOneWithoutGrace_UnknownOrBadGraceRefused()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await gateway.Admin.PostAsJsonAsync("/api/webhooks",
            new WebhooksApi.RegisterWebhookRequest(receiver.Url.ToString(), [WebhookEventTypes.SessionEnded]), GatewayFixture.Json);
        var first = (await created.Content.ReadFromJsonAsync<WebhookRegistration>(GatewayFixture.Json))!;
        try
        {
            // No body: the default grace of a day, so the old secret still signs beside the new one.
            var rotated = await gateway.Admin.PostAsync($"/api/webhooks/{first.Endpoint.Id}/rotate-secret", null);
            Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
            var second = (await rotated.Content.ReadFromJsonAsync<WebhookRegistration>(GatewayFixture.Json))!;
            Assert.StartsWith("whsec_", second.Secret);
            Assert.NotEqual(first.Secret, second.Secret);
            Assert.Equal(first.Endpoint.Id, second.Endpoint.Id);
            receiver.Secret = second.Secret;

            var during = await EndedDeliveryAsync(receiver);
            Assert.True(during.Verified);
            Assert.Equal(2, during.Signature.Split(',').Count(p => p.StartsWith("v1=", StringComparison.Ordinal)));
            Assert.True(WebhookSignature.Verify(first.Secret, during.Signature, during.Body, DateTimeOffset.UtcNow));
            Assert.True(WebhookSignature.Verify(second.Secret, during.Signature, during.Body, DateTimeOffset.UtcNow));

            // Rotating without grace retires the previous secret at once: one signature, the newest secret's.
            var third = (await (await gateway.Admin.PostAsJsonAsync($"/api/webhooks/{first.Endpoint.Id}/rotate-secret",
                new WebhooksApi.RotateSecretRequest(0), GatewayFixture.Json)).Content.ReadFromJsonAsync<WebhookRegistration>(GatewayFixture.Json))!;
            receiver.Secret = third.Secret;
            var after = await EndedDeliveryAsync(receiver);
            Assert.True(after.Verified);
            Assert.Single(after.Signature.Split(','), p => p.StartsWith("v1=", StringComparison.Ordinal));
            Assert.False(WebhookSignature.Verify(second.Secret, after.Signature, after.Body, DateTimeOffset.UtcNow));
            Assert.False(WebhookSignature.Verify(first.Secret, after.Signature, after.Body, DateTimeOffset.UtcNow));

            Assert.Equal(HttpStatusCode.NotFound, (await gateway.Admin.PostAsync("/api/webhooks/wh-none/rotate-secret", null)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await gateway.Admin.PostAsJsonAsync($"/api/webhooks/{first.Endpoint.Id}/rotate-secret",
                new WebhooksApi.RotateSecretRequest(-1), GatewayFixture.Json)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await gateway.Admin.PostAsJsonAsync($"/api/webhooks/{first.Endpoint.Id}/rotate-secret",
                new WebhooksApi.RotateSecretRequest(8 * 24 * 3600), GatewayFixture.Json)).StatusCode);
            Assert.DoesNotContain(third.Secret, await gateway.Admin.GetStringAsync("/api/webhooks"));
        }
        finally
        {
            await gateway.Admin.DeleteAsync($"/api/webhooks/{first.Endpoint.Id}");
        }
    }

    /// <summary>Ends a new session through the API and returns its session.ended delivery.</summary>
    private async Task<WebhookReceipt> EndedDeliveryAsync(WebhookReceiver receiver)
    {
        var session = await gateway.CreateSessionAsync();
        (await gateway.Admin.PostAsync($"/api/sessions/{session.Id}/end", null)).EnsureSuccessStatusCode();
        return (await receiver.WaitForAsync(r => r.Any(x => x.SessionId == session.Id))).Single(r => r.SessionId == session.Id);
    }

    [Fact]
    public async Task RecordingStopped_RecordingReadyDelivered()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await gateway.Admin.PostAsJsonAsync("/api/webhooks",
            new WebhooksApi.RegisterWebhookRequest(receiver.Url.ToString(), [WebhookEventTypes.RecordingReady]), GatewayFixture.Json);
        var registration = (await created.Content.ReadFromJsonAsync<WebhookRegistration>(GatewayFixture.Json))!;
        receiver.Secret = registration.Secret;
        try
        {
            var session = await gateway.CreateSessionAsync();
            var grains = gateway.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<ISessionLobby>(session.Id).JoinAsync(new ParticipantIdentity(session.Id, "host-1", "Hana", Role.Host));
            await grains.GetGrain<ISessionGrain>(session.Id).GoLiveAsync("host-1");
            var recording = grains.GetGrain<ISessionRecording>(session.Id);
            Assert.Equal(RecordingStatus.Recording, (await recording.StartRecordingAsync("host-1")).Status);
            await recording.StopRecordingAsync("host-1");

            var ready = (await receiver.WaitForAsync(r => r.Any(x => x.SessionId == session.Id))).Single(r => r.SessionId == session.Id);
            Assert.True(ready.Verified);
            Assert.Equal(WebhookEventTypes.RecordingReady, ready.Type);
            Assert.Contains("\"recordingId\":\"rec1\"", ready.Body);
        }
        finally
        {
            await gateway.Admin.DeleteAsync($"/api/webhooks/{registration.Endpoint.Id}");
        }
    }

    [Fact]
    public async Task OpenApi_DescribesTheWebhookRoutes()
    {
        var openApi = await gateway.Admin.GetStringAsync("/openapi/v1.json");
        foreach (var route in new[] { "/api/webhooks", "/api/webhooks/{endpointId}", "/api/webhooks/{endpointId}/rotate-secret", "/api/sessions/{id}/webhooks/dead-letters",
                     "/api/sessions/{id}/webhooks/dead-letters/{deadLetterId}/replay", "/api/sessions/{id}/webhooks/replay" })
            Assert.Contains($"\"{route}\"", openApi);
        Assert.Contains("signing secret", openApi);
    }
}
