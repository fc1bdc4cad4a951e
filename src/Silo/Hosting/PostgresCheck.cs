using System.Net.Sockets;
using Npgsql;

namespace Live.Silo.Hosting;

/// <summary>
/// A startup check of the PostgreSQL configuration: connects once and looks for our schema, so that a wrong
/// connection string fails in seconds with one line naming the server, not with Orleans' retries and stack traces.
/// </summary>
public static class PostgresCheck
{
    /// <summary>Longest wait for the server to answer; the check runs once at start.</summary>
    public const int ConnectTimeoutSeconds = 5;

    /// <summary>Throws <see cref="ClusterConfigurationException"/> unless the database answers and holds the schema.</summary>
    public static void EnsureReady(string connectionString)
    {
        NpgsqlConnectionStringBuilder settings;
        try
        {
            settings = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ClusterConfigurationException($"Live:Cluster:ConnectionString is not a valid Npgsql connection string: {ex.Message}", ex);
        }
        if (settings.Timeout is 0 or > ConnectTimeoutSeconds) settings.Timeout = ConnectTimeoutSeconds;
        var server = $"{settings.Host ?? "localhost"}:{settings.Port}";
        var database = settings.Database ?? settings.Username ?? "(default)";

        try
        {
            using var connection = new NpgsqlConnection(settings.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand("SELECT count(*) FROM OrleansQuery", connection);
            command.ExecuteScalar();
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            throw new ClusterConfigurationException(
                $"PostgreSQL at {server} (database '{database}') has no Live schema. Apply it with: " +
                "scripts/db-init.sh \"<connection string>\"", ex);
        }
        catch (PostgresException ex)
        {
            throw new ClusterConfigurationException(
                $"PostgreSQL at {server} (database '{database}') refused Live: {ex.SqlState} {ex.MessageText}. " +
                "Check Live:Cluster:ConnectionString.", ex);
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            var reason = ex.InnerException is SocketException socket ? socket.Message : ex.Message;
            throw new ClusterConfigurationException(
                $"PostgreSQL at {server} is unreachable ({reason}). Check Live:Cluster:ConnectionString and that the server is running.", ex);
        }
    }
}
