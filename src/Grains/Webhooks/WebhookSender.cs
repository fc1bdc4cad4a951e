using System.Text;
using Live.Webhooks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Live.Grains.Webhooks;

/// <summary>
/// Sends webhook deliveries over HTTP for the outboxes of this silo, off their grain turns: an outbox hands over an
/// attempt and returns at once; the result comes back to it as a grain call (<see cref="IWebhookOutboxGrain.RecordAttemptAsync"/>).
/// At most <see cref="WebhookOptions.MaxConcurrentDeliveries"/> attempts are in flight; beyond that an outbox keeps its
/// deliveries and offers them again on its next poll.
/// </summary>
public sealed partial class WebhookSender : IDisposable
{
    public const string EventIdHeader = "Live-Event-Id";
    public const string SequenceHeader = "Live-Sequence";
    public const string EventTypeHeader = "Live-Event-Type";

    private readonly HttpClient _http;
    private readonly SemaphoreSlim _slots;
    private readonly IGrainFactory _grains;
    private readonly TimeProvider _clock;
    private readonly ILogger<WebhookSender> _logger;

    public WebhookSender(IOptions<WebhookOptions> options, IGrainFactory grains, TimeProvider clock, ILogger<WebhookSender> logger)
    {
        _grains = grains;
        _clock = clock;
        _logger = logger;
        _slots = new SemaphoreSlim(Math.Max(1, options.Value.MaxConcurrentDeliveries));
        // One client for the silo: pooled connections, renewed every few minutes so a receiver's DNS change is seen;
        // no redirects, so a receiver cannot bounce a signed body to a host nobody registered.
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AllowAutoRedirect = false })
        {
            Timeout = options.Value.RequestTimeout,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Live-Webhooks/1");
    }

    /// <summary>Starts an attempt unless every slot is busy (then false: the caller keeps it for later).</summary>
    public bool TryStart(WebhookDelivery delivery)
    {
        if (!_slots.Wait(0)) return false;
        // Task.Run leaves the grain's scheduler: the HTTP call never holds the outbox's turn.
        _ = Task.Run(() => SendAndReportAsync(delivery));
        return true;
    }

    private async Task SendAndReportAsync(WebhookDelivery delivery)
    {
        string? error;
        try
        {
            error = await SendAsync(delivery);
        }
        finally
        {
            _slots.Release();
        }
        var attempt = new WebhookAttempt(delivery.Target.Endpoint.Id, delivery.Event.Sequence, error is null, error);
        try
        {
            await _grains.GetGrain<IWebhookOutboxGrain>(delivery.SessionId).RecordAttemptAsync(attempt);
        }
        catch (Exception ex)
        {
            // The outbox forgets an attempt it never hears about after a while and tries again: at-least-once.
            LogReportFailed(delivery.SessionId, delivery.Event.Sequence, ex);
        }
    }

    /// <summary>Null when the receiver answered 2xx; otherwise a short reason for the dead-letter list (never the body).</summary>
    private async Task<string?> SendAsync(WebhookDelivery delivery)
    {
        var evt = delivery.Event;
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Target.Endpoint.Url)
        {
            Content = new StringContent(evt.Body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Create(delivery.Target.SecretsAt(_clock.GetUtcNow()), _clock.GetUtcNow().ToUnixTimeSeconds(), evt.Body));
        request.Headers.Add(EventIdHeader, evt.EventId);
        request.Headers.Add(SequenceHeader, evt.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(EventTypeHeader, evt.Type);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
        }
        catch (TaskCanceledException)
        {
            return "timeout";
        }
        catch (HttpRequestException ex)
        {
            return ex.HttpRequestError.ToString();
        }
        catch (Exception ex)
        {
            // Whatever else goes wrong is a failed attempt like any other: counted, retried, dead-lettered in the end.
            return ex.GetType().Name;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        _slots.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook attempt {Sequence} of session {SessionId} could not be reported to its outbox")]
    private partial void LogReportFailed(string sessionId, long sequence, Exception ex);
}
