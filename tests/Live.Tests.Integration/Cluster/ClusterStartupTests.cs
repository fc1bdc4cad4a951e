using Live.Silo.Hosting;

namespace Live.Tests.Integration.Cluster;

/// <summary>A cluster that cannot work says why at start, in one line that names what to fix.</summary>
[Collection(PostgresCollection.Name), Trait("Category", "Postgres")]
public sealed class ClusterStartupTests(PostgresFixture db)
{
    [Fact]
    public void UnreachableServer_FailsFast_NamingHostAndPort()
    {
        var closedPort = PostgresFixture.FreeTcpPort();
        var settings = LiveHosts.ClusterSettings($"Host=127.0.0.1;Port={closedPort};Username=live;Database=live", "unreachable");

        var started = DateTime.UtcNow;
        var error = StartupError(() => LiveHosts.BuildSilo(settings));

        Assert.Contains($"127.0.0.1:{closedPort}", error.Message);
        Assert.Contains("unreachable", error.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(PostgresCheck.ConnectTimeoutSeconds + 2));
    }

    [Fact]
    public async Task DatabaseWithoutSchema_FailsWithTheCommandToRun()
    {
        var empty = await db.CreateEmptyDatabaseAsync();

        var error = StartupError(() => LiveHosts.BuildSilo(LiveHosts.ClusterSettings(empty, "no-schema")));

        Assert.Contains("no Live schema", error.Message);
        Assert.Contains("scripts/db-init.sh", error.Message);
    }

    [Fact]
    public void WrongDatabaseName_FailsNamingTheServer()
    {
        var settings = LiveHosts.ClusterSettings($"Host=127.0.0.1;Port={db.Port};Username=live;Database=missing", "wrong-db");

        var error = StartupError(() => LiveHosts.BuildSilo(settings));

        Assert.Contains($"127.0.0.1:{db.Port}", error.Message);
        Assert.Contains("3D000", error.Message); // invalid_catalog_name
    }

    /// <summary>The configuration error however hosting wraps it (it may surface from Build or from the delegate).</summary>
    internal static ClusterConfigurationException StartupError(Action start)
    {
        var thrown = Record.Exception(start);
        for (var ex = thrown; ex is not null; ex = ex.InnerException)
            if (ex is ClusterConfigurationException found) return found;
        throw new Xunit.Sdk.XunitException($"expected a ClusterConfigurationException, got {thrown?.ToString() ?? "none"}");
    }
}
