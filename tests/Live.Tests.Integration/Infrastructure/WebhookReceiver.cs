using System.Collections.Concurrent;
using System.Text.Json;
using Live.Grains.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>
/// An operator's webhook receiver on a real Kestrel at 127.0.0.1: it verifies each delivery's signature with
/// <see cref="Secret"/> (401 when it does not verify), then answers what <see cref="Respond"/> says for that attempt.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<WebhookReceipt> _receipts = new();
    private int _attempts;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>The secret deliveries must be signed with; set once the endpoint is registered.</summary>
    public string Secret { get; set; } = "";

    /// <summary>The status to answer the n-th attempt (1-based, over every delivery this receiver got); 200 by default.</summary>
    public Func<int, int> Respond { get; set; } = _ => StatusCodes.Status200OK;

    /// <summary>How long to hold the answer to the n-th attempt after recording it (a slow receiver keeps deliveries in flight and queued); none by default.</summary>
    public Func<int, TimeSpan> Hold { get; set; } = _ => TimeSpan.Zero;

    public IReadOnlyList<WebhookReceipt> Receipts => [.. _receipts];

    /// <summary>The attempts that were answered 2xx for one session, in arrival order.</summary>
    public IReadOnlyList<WebhookReceipt> Accepted(string sessionId) =>
        Receipts.Where(r => r.SessionId == sessionId && r.Status is >= 200 and < 300).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var receiver = new WebhookReceiver(builder.Build());
        receiver._app.MapPost("/hook", receiver.HandleAsync);
        await receiver._app.StartAsync();
        var address = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(new Uri(address), "/hook");
        return receiver;
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var signature = http.Request.Headers[WebhookSignature.Header].ToString();
        var verified = WebhookSignature.Verify(Secret, signature, body, DateTimeOffset.UtcNow);
        var attempt = verified ? Interlocked.Increment(ref _attempts) : 0;
        var status = verified ? Respond(attempt) : StatusCodes.Status401Unauthorized;
        using var json = JsonDocument.Parse(body);
        _receipts.Enqueue(new WebhookReceipt(
            json.RootElement.GetProperty("sessionId").GetString()!, json.RootElement.GetProperty("type").GetString()!,
            json.RootElement.GetProperty("sequence").GetInt64(), json.RootElement.GetProperty("id").GetString()!,
            http.Request.Headers[WebhookSender.EventIdHeader].ToString(), http.Request.Headers[WebhookSender.SequenceHeader].ToString(),
            signature, body, verified, status));
        http.Response.StatusCode = status;
        var hold = verified ? Hold(attempt) : TimeSpan.Zero;
        if (hold <= TimeSpan.Zero) return;
        try { await Task.Delay(hold, http.RequestAborted); }
        catch (OperationCanceledException) { } // the sender went away (its silo was killed): the attempt stays recorded as answered
    }

    /// <summary>Waits until <paramref name="done"/> holds for the receipts so far, or fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<WebhookReceipt>> WaitForAsync(Func<IReadOnlyList<WebhookReceipt>, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            if (done(Receipts)) return Receipts;
            await Task.Delay(50);
        }
        throw new TimeoutException("The webhook receiver did not get what was expected; it got: " +
            string.Join(", ", Receipts.Select(r => $"{r.Type}#{r.Sequence}→{r.Status}")));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One delivery attempt as the receiver saw it.</summary>
public sealed record WebhookReceipt(
    string SessionId, string Type, long Sequence, string Id, string EventIdHeader, string SequenceHeader,
    string Signature, string Body, bool Verified, int Status);
