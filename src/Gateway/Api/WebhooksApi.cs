using Live.Gateway.Auth;
using Live.Gateway.Limits;
using Live.Webhooks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Live.Gateway.Api;

/// <summary>
/// Webhook endpoints for integrators (API key only): register, list and delete endpoints; list a session's dead letters
/// and replay them or the session's events from a sequence number. Delivery itself runs in the silos (docs/webhooks.md).
/// </summary>
public static class WebhooksApi
{
    public static WebApplication MapWebhooksApi(this WebApplication app)
    {
        var endpoints = app.MapGroup("/api/webhooks").AddEndpointFilter<ApiKeyFilter>().WithTags("Webhooks")
            .RequireRateLimiting(ClientRateLimits.ApiPolicy);
        endpoints.MapPost("/", RegisterAsync)
            .WithSummary("Registers an http(s) endpoint with an optional event-type filter; the answer holds the signing secret, shown this once.");
        endpoints.MapGet("/", ListAsync).WithSummary("Lists the registered endpoints (never their secrets).");
        endpoints.MapDelete("/{endpointId}", DeleteAsync).WithSummary("Deletes an endpoint; its pending deliveries are dropped.");
        endpoints.MapPost("/{endpointId}/rotate-secret", RotateSecretAsync)
            .WithSummary("Gives an endpoint a new signing secret, shown this once; the old one keeps signing beside it for the grace period (default 24 h).");

        var session = app.MapGroup("/api/sessions/{id}/webhooks").AddEndpointFilter<ApiKeyFilter>().WithTags("Webhooks")
            .RequireRateLimiting(ClientRateLimits.ApiPolicy);
        session.MapGet("/dead-letters", DeadLettersAsync).WithSummary("Lists the session's deliveries that failed every attempt, oldest first.");
        session.MapPost("/dead-letters/{deadLetterId}/replay", ReplayDeadLetterAsync)
            .WithSummary("Delivers one dead letter again (attempts start over).");
        session.MapPost("/replay", ReplayFromAsync)
            .WithSummary("Delivers the session's retained events from a sequence number on to one endpoint again, in order.");
        return app;
    }

    /// <summary>An endpoint to register: where to POST, and which event types (none: every type).</summary>
    public sealed record RegisterWebhookRequest(string Url, IReadOnlyList<string>? Events);

    /// <summary>A replay of a session's events from <paramref name="FromSequence"/> (inclusive) to one endpoint.</summary>
    public sealed record ReplayRequest(string EndpointId, long FromSequence);

    /// <summary>A secret rotation: how long the old secret keeps signing beside the new one (seconds, 0 to 604,800; absent: 24 h).</summary>
    public sealed record RotateSecretRequest(int? GraceSeconds);

    /// <summary>How many deliveries a replay queued.</summary>
    public sealed record ReplayResult(int Queued);

    private static async Task<Created<WebhookRegistration>> RegisterAsync(RegisterWebhookRequest request, IGrainFactory grains)
    {
        var registration = await Registry(grains).RegisterAsync(request.Url, request.Events);
        return TypedResults.Created($"/api/webhooks/{registration.Endpoint.Id}", registration);
    }

    private static Task<IReadOnlyList<WebhookEndpoint>> ListAsync(IGrainFactory grains) => Registry(grains).ListAsync();

    private static async Task<Results<NoContent, NotFound<ProblemDetails>>> DeleteAsync(string endpointId, IGrainFactory grains) =>
        await Registry(grains).DeleteAsync(endpointId)
            ? TypedResults.NoContent()
            : NotFound("unknown-webhook", "There is no webhook endpoint with this id.");

    private static async Task<Results<Ok<WebhookRegistration>, NotFound<ProblemDetails>>> RotateSecretAsync(
        string endpointId, RotateSecretRequest? request, IGrainFactory grains)
    {
        var grace = request?.GraceSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : IWebhookRegistryGrain.DefaultRotationGrace;
        return await Registry(grains).RotateSecretAsync(endpointId, grace) is { } rotated
            ? TypedResults.Ok(rotated)
            : NotFound("unknown-webhook", "There is no webhook endpoint with this id.");
    }

    private static Task<IReadOnlyList<WebhookDeadLetter>> DeadLettersAsync(string id, IGrainFactory grains) =>
        grains.GetGrain<IWebhookOutboxGrain>(id).ListDeadLettersAsync();

    private static async Task<Results<Accepted, NotFound<ProblemDetails>>> ReplayDeadLetterAsync(string id, string deadLetterId, IGrainFactory grains) =>
        await grains.GetGrain<IWebhookOutboxGrain>(id).ReplayDeadLetterAsync(deadLetterId)
            ? TypedResults.Accepted((string?)null)
            : NotFound("unknown-dead-letter", "There is no dead letter with this id in this session.");

    private static async Task<Accepted<ReplayResult>> ReplayFromAsync(string id, ReplayRequest request, IGrainFactory grains) =>
        TypedResults.Accepted((string?)null, new ReplayResult(
            await grains.GetGrain<IWebhookOutboxGrain>(id).ReplayFromAsync(request.EndpointId ?? "", Math.Max(1, request.FromSequence))));

    private static IWebhookRegistryGrain Registry(IGrainFactory grains) =>
        grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.DefaultKey);

    private static NotFound<ProblemDetails> NotFound(string code, string detail) =>
        TypedResults.NotFound(new ProblemDetails { Title = code, Detail = detail, Status = 404, Extensions = { ["code"] = code } });
}
