using Live.Media.Sfu;
using Microsoft.AspNetCore.Builder;

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
        PipedSfuTestHost? host = null;
        var gate = new object();
        WebApplication app = await SfuTestHost.StartPageAsync(request =>
        {
            lock (gate)
            {
                return host!.Negotiate(request);
            }
        });
        host = new PipedSfuTestHost(app, origin, edge);
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
            return SfuTestHost.Response(result);
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
        return SfuTestHost.Response(result);
    }
}
