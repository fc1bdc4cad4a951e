using Live.Gateway.Limits;
using Live.Sessions;
using Microsoft.AspNetCore.SignalR;
using Prometheus;

namespace Live.Gateway.Hubs;

/// <summary>
/// Counts hub calls by method and result, and turns a session rule refusal into a <see cref="HubException"/> whose
/// message the browser shows ("code: message"). Any other failure reaches the client as a generic error, never its details.
/// Media negotiations draw on their address's budget first (<see cref="MediaNegotiationLimiter"/>).
/// </summary>
public sealed partial class HubCallFilter(ILogger<HubCallFilter> logger, MediaNegotiationLimiter negotiations) : IHubFilter
{
    private static readonly Counter Calls = Metrics.CreateCounter(
        "live_hub_calls_total", "Hub method calls, by method and result (ok, refused, error).",
        new CounterConfiguration { LabelNames = ["method", "result"] });

    private static readonly Histogram GrainLatency = Metrics.CreateHistogram(
        "live_gateway_call_duration_seconds", "Time from hub call to grain answer, as the gateway sees it.",
        new HistogramConfiguration { LabelNames = ["method"], Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16) });

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var method = context.HubMethodName;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            if (method == nameof(SessionHub.Negotiate) && !negotiations.TryAcquire(
                    ClientRateLimits.AddressOf(context.Context.GetHttpContext()?.Connection.RemoteIpAddress), out var retryAfter))
                throw new HubException($"rate-limited: Too many media negotiations from this address; try again in {ClientRateLimits.RetryAfterSeconds(retryAfter)} s.");
            var result = await next(context);
            Calls.WithLabels(method, "ok").Inc();
            return result;
        }
        catch (SessionRuleException ex)
        {
            Calls.WithLabels(method, "refused").Inc();
            throw new HubException($"{ex.Code}: {ex.Message}");
        }
        catch (HubException)
        {
            Calls.WithLabels(method, "refused").Inc();
            throw;
        }
        catch (Exception ex)
        {
            Calls.WithLabels(method, "error").Inc();
            LogCallFailed(method, ex);
            throw new HubException("internal: Something went wrong; please try again.");
        }
        finally
        {
            GrainLatency.WithLabels(method).Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {Method} failed")]
    private partial void LogCallFailed(string method, Exception ex);
}
