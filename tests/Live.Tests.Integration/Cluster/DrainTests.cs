using System.Diagnostics;
using System.Net.Http.Json;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Xunit.Abstractions;

namespace Live.Tests.Integration.Cluster;

/// <summary>Graceful drain: SIGTERM on the silo that hosts a live session; the session moves on, nothing ends, nothing is lost.</summary>
[Collection(PostgresCollection.Name), Trait("Category", "Cluster")]
public sealed class DrainTests(PostgresFixture db, ITestOutputHelper output)
{
    [Fact]
    public async Task SessionSilo_Sigterm_DrainsAndTheSessionGoesOn()
    {
        await using var cluster = await ProcessCluster.StartAsync(db.ConnectionString, silos: 2, gateways: 1);
        await using var load = await FocusGroupLoad.StartAsync(cluster, respondents: 2, observers: 4);
        load.Start();
        await Task.Delay(TimeSpan.FromSeconds(2));

        var victim = await cluster.SiloHostingAsync(load.SessionId);
        var clock = Stopwatch.StartNew();
        victim.Terminate();
        var exitCode = await victim.WaitForExitAsync(TimeSpan.FromSeconds(40));
        var drained = clock.ElapsedMilliseconds;
        var port = await cluster.WaitForSessionAsync(load.SessionId, victim, TimeSpan.FromSeconds(20));
        var prompt = await load.NextPromptReachesEveryoneAsync(TimeSpan.FromSeconds(20));
        await load.StopAsync();

        var lost = await load.CheckAsync();
        using var admin = ProcessCluster.Admin(cluster.Gateways[0].Http);
        var summary = (await admin.GetFromJsonAsync<SessionSummary>($"/api/sessions/{load.SessionId}", GatewayFixture.Json))!;
        var reactions = await load.ReactionTotalAsync();
        var line = $"RESULT drain: SIGTERM to {victim.Name} (hosted the session), exit code {exitCode} after {drained} ms; session on silo port {port}, " +
            $"phase {summary.Phase}; '{prompt}' reached all clients; acknowledged={load.Ledger.Acknowledged} lost={lost.Count} " +
            $"reactions-acknowledged={load.Ledger.ReactionsAcknowledged} reactions-in-state={reactions}";
        output.WriteLine(line);
        Console.WriteLine("[failover] " + line);

        Assert.Equal(0, exitCode);
        Assert.Equal(SessionPhase.Live, summary.Phase);
        Assert.Empty(lost);
        Assert.True(reactions >= load.Ledger.ReactionsAcknowledged, $"{load.Ledger.ReactionsAcknowledged - reactions} acknowledged reactions lost");
    }
}
