using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Live.Tests.Integration.Cluster;

/// <summary>
/// A throwaway PostgreSQL shared by the cluster tests: scripts/pg-local.sh runs initdb into a temporary directory,
/// starts the server on a free loopback port and applies our schema; everything is stopped and deleted at the end.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "live-pg-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Npgsql connection string of the database "live", which holds our schema.</summary>
    public string ConnectionString { get; private set; } = null!;

    public int Port { get; private set; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public async Task InitializeAsync()
    {
        Port = FreeTcpPort();
        var output = await RunScriptAsync("scripts/pg-local.sh", "start", _directory, Port.ToString());
        ConnectionString = output.Trim().Split('\n')[^1];
    }

    public Task DisposeAsync() => RunScriptAsync("scripts/pg-local.sh", "stop", _directory);

    /// <summary>A new empty database on the same server, without our schema.</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = "db_" + Guid.NewGuid().ToString("N")[..10];
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    /// <summary>Runs one SQL statement against the given database (ours by default) and returns the first column of each row.</summary>
    public async Task<List<object?>> QueryAsync(string sql, string? connectionString = null, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString ?? ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?>();
        while (await reader.ReadAsync()) rows.Add(reader.IsDBNull(0) ? null : reader.GetValue(0));
        return rows;
    }

    /// <summary>Runs a repository script with bash and returns its standard output; throws with its output when it fails.</summary>
    public static async Task<string> RunScriptAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}{await stdout}");
        return await stdout;
    }

    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Live.sln"))) return dir.FullName;
        throw new InvalidOperationException("Live.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
