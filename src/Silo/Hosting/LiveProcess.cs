namespace Live.Silo.Hosting;

/// <summary>Runs a Live process and turns a configuration mistake into one readable line and exit code 1.</summary>
public static class LiveProcess
{
    public static int Run(Action run)
    {
        try
        {
            run();
            return 0;
        }
        catch (Exception ex) when (FindConfigurationError(ex) is { } error)
        {
            Console.Error.WriteLine($"Live cannot start: {error.Message}");
            return 1;
        }
    }

    // Hosting wraps exceptions thrown while it builds services (AggregateException, TargetInvocationException).
    private static ClusterConfigurationException? FindConfigurationError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is ClusterConfigurationException found) return found;
            if (ex is AggregateException { InnerExceptions.Count: 1 } aggregate) return FindConfigurationError(aggregate.InnerExceptions[0]);
        }
        return null;
    }
}
