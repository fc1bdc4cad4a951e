namespace Live.Gateway.Presence;

/// <summary>
/// Retries a grain call that must not be lost when the cluster could not take it: while a silo has just died, the
/// Orleans client still routes some calls to it and they fail at once ("Unable to connect"). A browser's disconnect is
/// such a call: lost, the participant would stay "online" for good. Only for idempotent calls.
/// </summary>
public static class ClusterRetry
{
    /// <summary>The waits between attempts: about 16 s in all, past Orleans declaring a silo dead (~6 s here).</summary>
    public static readonly IReadOnlyList<TimeSpan> Waits =
        [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2),
         TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)];

    public static async Task RunAsync(Func<Task> call, TimeProvider time, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await call();
                return;
            }
            catch (Exception ex) when (attempt < Waits.Count && IsTransient(ex))
            {
                await Task.Delay(Waits[attempt], time, cancellationToken);
            }
        }
    }

    /// <summary>The cluster did not take the call or lost it (a grain's refusal, a rule, is an answer, not a failure).</summary>
    private static bool IsTransient(Exception ex) => ex is OrleansException or TimeoutException;
}
