using Live.Media.Sfu;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Live.Tests.E2E.Media;

/// <summary>
/// Two SFUs standing for two silos, behind the test page's <c>POST /negotiate</c>: publishers negotiate on the origin;
/// subscribers negotiate on the edge, after each producer they want is piped there once (what the media grains do).
/// </summary>
internal sealed class PipedSfuTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PipedSfuTestHost(WebApplication app, SfuServer origin, SfuServer edge)
    {
        _app = app;
        Origin = origin;
        Edge = edge;
    }

    public SfuServer Origin { get; }

    public SfuServer Edge { get; }

    public Router OriginRouter => Origin.GetOrCreateRouter("room");

    public Router EdgeRouter => Edge.GetOrCreateRouter("room/edge");

    public string BaseUrl => _app.Urls.First();

    public static async Task<PipedSfuTestHost> StartAsync()
    {
        var origin = new SfuServer(new SfuOptions { Port = 0 });
        var edge = new SfuServer(new SfuOptions { Port = 0 });
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var host = new PipedSfuTestHost(app, origin, edge);
        var gate = new object();
        app.MapGet("/", () => Results.Content(SfuTestPage.Html, "text/html"));
        app.MapPost("/negotiate", (SfuTestHost.NegotiateRequest request) =>
        {
            lock (gate)
            {
                return Results.Json(host.Negotiate(request));
            }
        });
        await app.StartAsync();
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Origin.Dispose();
        Edge.Dispose();
    }

    private SfuTestHost.NegotiateResponse Negotiate(SfuTestHost.NegotiateRequest request)
    {
        NegotiationResult result;
        if (request.Publish is { Count: > 0 } publish)
        {
            var sources = publish.ToDictionary(p => p.Key, p => Enum.Parse<TrackSource>(p.Value));
            result = OriginRouter.Negotiate(request.ParticipantId, request.Sdp, sources, null);
            return new SfuTestHost.NegotiateResponse(result.Error, result.AnswerSdp, Dtos(result.Producers));
        }

        foreach (string producerId in (request.Subscribe ?? []).Values.Where(id => !EdgeRouter.PipeProducerIds.Contains(id)))
        {
            if (OriginRouter.CreatePipeTicket(producerId) is not { } ticket)
            {
                return new SfuTestHost.NegotiateResponse($"unknown producer {producerId}", null, []);
            }

            string? error = EdgeRouter.OpenPipeProducer(ticket, Origin.LocalEndPoint) ?? OriginRouter.StartPipe(ticket, Edge.LocalEndPoint);
            if (error is not null)
            {
                return new SfuTestHost.NegotiateResponse(error, null, []);
            }
        }

        result = EdgeRouter.Negotiate(request.ParticipantId, request.Sdp, null, request.Subscribe);
        return new SfuTestHost.NegotiateResponse(result.Error, result.AnswerSdp, Dtos(result.Producers));
    }

    private static List<SfuTestHost.ProducerDto> Dtos(IReadOnlyList<ProducerInfo> producers) =>
        producers.Select(p => new SfuTestHost.ProducerDto(p.Id, p.ParticipantId, p.Kind == MediaKind.Audio ? "audio" : "video")).ToList();
}
