using System.Net;
using Live.Media.Sfu;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Live.Tests.E2E.Media;

/// <summary>
/// A tiny signalling server for the browser tests: Kestrel on a free loopback port serving the test page and
/// <c>POST /negotiate</c>, which calls <see cref="Router.Negotiate"/> directly (no Orleans), plus the SFU itself.
/// </summary>
internal sealed class SfuTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SfuTestHost(WebApplication app, SfuServer sfu, Router router)
    {
        _app = app;
        Sfu = sfu;
        Router = router;
    }

    public SfuServer Sfu { get; }

    public Router Router { get; }

    public string BaseUrl => _app.Urls.First();

    public static async Task<SfuTestHost> StartAsync(SfuOptions options)
    {
        var sfu = new SfuServer(options);
        Router router = sfu.GetOrCreateRouter("room");
        WebApplication app = await StartPageAsync(request =>
        {
            var publish = new Dictionary<string, TrackSource>();
            foreach ((string mid, string source) in request.Publish ?? [])
            {
                if (!Enum.TryParse(source, out TrackSource parsed))
                {
                    return new NegotiateResponse($"unknown source {source}", null, []);
                }

                publish[mid] = parsed;
            }

            NegotiationResult result = router.Negotiate(request.ParticipantId, request.Sdp, publish, request.Subscribe ?? [], request.Hidden ?? false);
            return Response(result);
        });
        return new SfuTestHost(app, sfu, router);
    }

    /// <summary>Kestrel on a free loopback port serving the test page, with <c>POST /negotiate</c> answered by <paramref name="negotiate"/>.</summary>
    public static async Task<WebApplication> StartPageAsync(Func<NegotiateRequest, NegotiateResponse> negotiate)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        app.MapGet("/", () => Results.Content(SfuTestPage.Html, "text/html"));
        app.MapPost("/negotiate", (NegotiateRequest request) => Results.Json(negotiate(request)));
        await app.StartAsync();
        return app;
    }

    /// <summary>What the test page gets back from a negotiation: the answer, or the error, and the router's producers.</summary>
    public static NegotiateResponse Response(NegotiationResult result) =>
        new(result.Error, result.AnswerSdp,
            result.Producers.Select(p => new ProducerDto(p.Id, p.ParticipantId, p.Kind == MediaKind.Audio ? "audio" : "video")).ToList());

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Sfu.Dispose();
    }

    public sealed record NegotiateRequest(string ParticipantId, string Sdp, Dictionary<string, string>? Publish, Dictionary<string, string>? Subscribe, bool? Hidden = null);

    public sealed record NegotiateResponse(string? Error, string? Sdp, List<ProducerDto> Producers);

    public sealed record ProducerDto(string Id, string ParticipantId, string Kind);
}
