using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Live.Tests.Integration.Cluster;

/// <summary>Silos and clients wired by AddLiveSilo/AddLiveClient on a real PostgreSQL holding our schema.</summary>
[Collection(PostgresCollection.Name), Trait("Category", "Postgres")]
public sealed class PostgresClusterTests(PostgresFixture db)
{
    private static string NewClusterId() => "t-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task SiloAndClient_OnAdoNetClustering_ServeGrainCalls()
    {
        var clusterId = NewClusterId();
        var (silo, _, _) = await LiveHosts.StartSiloAsync(db.ConnectionString, clusterId);
        var client = await LiveHosts.StartClientAsync(db.ConnectionString, clusterId);
        try
        {
            var grains = client.Services.GetRequiredService<IClusterClient>();
            var (s, host) = await SessionScenario.LiveAsync(grains);

            var summary = await s.Session.GetSummaryAsync();
            Assert.Equal(s.Id, summary.Id);
            Assert.Equal(SessionPhase.Live, (await s.Session.GetViewAsync(host)).Phase);
        }
        finally
        {
            await LiveHosts.StopAsync(client);
            await LiveHosts.StopAsync(silo);
        }
    }

    [Fact]
    public async Task SessionState_SurvivesSiloRestart()
    {
        var clusterId = NewClusterId();
        var (first, _, _) = await LiveHosts.StartSiloAsync(db.ConnectionString, clusterId);
        var client = await LiveHosts.StartClientAsync(db.ConnectionString, clusterId);
        string sessionId, host, riley;
        string pollId;
        try
        {
            var (s, h) = await SessionScenario.LiveAsync(client.Services.GetRequiredService<IClusterClient>());
            (sessionId, host) = (s.Id, h);
            riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
            await s.Stage.NextPromptAsync(host);
            await s.Stage.NextPromptAsync(host);
            var poll = await s.Feedback.OpenPollAsync(host, "Pick", ["A", "B"], multiple: false, observersMayVote: false);
            pollId = poll.Id;
            await s.Feedback.VoteAsync(riley, poll.Id, [1]);
        }
        finally
        {
            await LiveHosts.StopAsync(client);
            await LiveHosts.StopAsync(first);
        }

        var rows = await db.QueryAsync("SELECT count(*) FROM OrleansStorage WHERE ServiceId = @s", null, ("s", clusterId));
        Assert.True(Convert.ToInt64(rows[0]) >= 2, "session and participant states are rows in OrleansStorage");

        // A new silo (another host, other ports) on the same database reads the session back.
        var (second, _, _) = await LiveHosts.StartSiloAsync(db.ConnectionString, clusterId);
        var reader = await LiveHosts.StartClientAsync(db.ConnectionString, clusterId);
        try
        {
            var s = new SessionScenario(reader.Services.GetRequiredService<IClusterClient>(), sessionId, SessionKind.FocusGroup);
            var view = await s.Session.GetViewAsync(host);
            Assert.Equal(SessionPhase.Live, view.Phase);
            Assert.Equal(1, view.Prompt!.Index);
            Assert.Equal(pollId, view.Polls.Single().Id);
            Assert.Equal([0, 1], view.Polls.Single().Tally);
            Assert.Contains(view.Roster, r => r.ParticipantId == riley && r.Admission == Admission.Admitted);
        }
        finally
        {
            await LiveHosts.StopAsync(reader);
            await LiveHosts.StopAsync(second);
        }
    }

    [Fact]
    public async Task Silo_AppearsActiveInMembershipTable()
    {
        var clusterId = NewClusterId();
        var (silo, siloPort, gatewayPort) = await LiveHosts.StartSiloAsync(db.ConnectionString, clusterId);
        try
        {
            var status = await db.QueryAsync(
                "SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @c AND Address = '127.0.0.1' AND Port = @p AND ProxyPort = @g",
                null, ("c", clusterId), ("p", siloPort), ("g", gatewayPort));
            Assert.Equal([3], status); // SiloStatus.Active
            var version = await db.QueryAsync("SELECT Version FROM OrleansMembershipVersionTable WHERE DeploymentId = @c", null, ("c", clusterId));
            Assert.True(Convert.ToInt32(version.Single()) >= 2, "joining and becoming active each bump the table version");
        }
        finally
        {
            await LiveHosts.StopAsync(silo);
        }

        var after = await db.QueryAsync("SELECT Status FROM OrleansMembershipTable WHERE DeploymentId = @c", null, ("c", clusterId));
        Assert.Equal([6], after); // a silo that stopped cleanly declares itself dead
    }

    [Fact]
    public async Task ReminderTable_RoundTripsThroughPostgres()
    {
        var clusterId = NewClusterId();
        var (silo, _, _) = await LiveHosts.StartSiloAsync(db.ConnectionString, clusterId);
        try
        {
            var table = silo.Services.GetRequiredService<IReminderTable>();
            var grain = GrainId.Create("test", "reminded-" + Guid.NewGuid().ToString("N")[..8]);
            var start = new DateTime(2030, 1, 2, 3, 4, 5, DateTimeKind.Utc);

            var etag = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "tick", StartAt = start, Period = TimeSpan.FromMinutes(5) });
            var read = (await table.ReadRow(grain, "tick"))!;
            Assert.Equal(etag, read.ETag);
            Assert.Equal(start, read.StartAt.ToUniversalTime());
            Assert.Equal(TimeSpan.FromMinutes(5), read.Period);

            var period = await db.QueryAsync("SELECT Period FROM OrleansRemindersTable WHERE ServiceId = @s AND GrainId = @g AND ReminderName = 'tick'",
                null, ("s", clusterId), ("g", grain.ToString()));
            Assert.Equal([300_000L], period);

            // An update moves the version on; the stale version no longer deletes.
            var newer = await table.UpsertRow(new ReminderEntry { GrainId = grain, ReminderName = "tick", StartAt = start, Period = TimeSpan.FromMinutes(10) });
            Assert.NotEqual(etag, newer);
            Assert.False(await table.RemoveRow(grain, "tick", etag!));

            // Ranges of the hash ring are (begin, end], as a silo reads its share: a plain one and one that wraps.
            var hash = grain.GetUniformHashCode();
            Assert.Contains((await table.ReadRows(hash - 1, hash)).Reminders, r => r.GrainId == grain);
            Assert.DoesNotContain((await table.ReadRows(hash, hash + 1)).Reminders, r => r.GrainId == grain);
            Assert.Contains((await table.ReadRows(hash + 1, hash)).Reminders, r => r.GrainId == grain && r.Period == TimeSpan.FromMinutes(10));
            Assert.DoesNotContain((await table.ReadRows(hash, hash - 1)).Reminders, r => r.GrainId == grain);
            Assert.Single((await table.ReadRows(grain)).Reminders);

            Assert.True(await table.RemoveRow(grain, "tick", newer!));
            Assert.Empty((await table.ReadRows(grain)).Reminders);
        }
        finally
        {
            await LiveHosts.StopAsync(silo);
        }
    }

    [Fact]
    public async Task Schema_AppliedTwice_IsFine()
    {
        var database = await db.CreateEmptyDatabaseAsync();
        await PostgresFixture.RunScriptAsync("scripts/db-init.sh", database);
        await db.QueryAsync("INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES ('kept') RETURNING 1", database);
        await PostgresFixture.RunScriptAsync("scripts/db-init.sh", database);

        Assert.Equal([20L], await db.QueryAsync("SELECT count(*) FROM OrleansQuery", database));
        Assert.Equal(["kept"], await db.QueryAsync("SELECT DeploymentId FROM OrleansMembershipVersionTable", database));
    }
}
