namespace Live.Silo.Hosting;

/// <summary>
/// The cluster configuration cannot work (unknown provider, missing connection string, database unreachable).
/// Its message says what to fix; processes print it alone, without a stack trace.
/// </summary>
public sealed class ClusterConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
