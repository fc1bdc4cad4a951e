using Prometheus;

namespace Live.Silo.Hosting;

/// <summary>Times every grain call this silo serves, by interface, method and outcome (the silo's grain call latency).</summary>
public sealed class GrainCallMetrics : IIncomingGrainCallFilter
{
    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "live_grain_call_duration_seconds", "Grain calls served by this silo.",
        new HistogramConfiguration
        {
            LabelNames = ["interface", "method", "result"],
            Buckets = Histogram.ExponentialBuckets(0.0001, 2, 16),
        });

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = "ok";
        try
        {
            await context.Invoke();
        }
        catch (Live.Sessions.SessionRuleException)
        {
            result = "refused";
            throw;
        }
        catch
        {
            result = "error";
            throw;
        }
        finally
        {
            Duration.WithLabels(context.InterfaceName, context.MethodName, result)
                .Observe(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }
}
