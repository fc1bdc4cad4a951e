using System.Net.Http.Json;
using Xunit.Abstractions;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Live.Tests.Integration.Cluster;

/// <summary>The audit trail is grain state like the rest: a kill -9 of the silo that hosts the session loses none of it.</summary>
[Collection(PostgresCollection.Name), Trait("Category", "Cluster")]
public sealed class AuditFailoverTests(PostgresFixture db, ITestOutputHelper output)
{
    [Fact]
    public async Task SessionSiloKilled_AuditTrailIntact_AndItGrowsOnTheNewSilo()
    {
        await using var cluster = await ProcessCluster.StartAsync(db.ConnectionString, silos: 2, gateways: 1);
        var gateway = cluster.Gateways[0].Http;
        var session = await cluster.CreateSessionAsync("Audit failover", "First prompt");
        var host = await cluster.InviteAsync(session.Id, Role.Host, "Hana");
        var riley = await cluster.InviteAsync(session.Id, Role.Respondent, "Riley");
        var sam = await cluster.InviteAsync(session.Id, Role.Respondent, "Sam");
        await cluster.InviteAsync(session.Id, Role.Observer, "Omar");

        await using (var hana = await HubParticipant.ConnectAsync(gateway, host.Token, host.ParticipantId, "Hana"))
        await using (var r = await HubParticipant.ConnectAsync(gateway, riley.Token, riley.ParticipantId, "Riley"))
        await using (var s = await HubParticipant.ConnectAsync(gateway, sam.Token, sam.ParticipantId, "Sam"))
        {
            await hana.Connection.InvokeAsync("GoLive");
            await hana.Connection.InvokeAsync("Admit", riley.ParticipantId);
            await hana.Connection.InvokeAsync("Deny", sam.ParticipantId);
            await r.Connection.InvokeAsync("SetConsent", true);
            await hana.Connection.InvokeAsync("StartRecording");
            await hana.Connection.InvokeAsync("PauseRecording");
        }

        using var admin = ProcessCluster.Admin(gateway);
        var before = await TrailAsync(admin, session.Id);
        Assert.Equal(
            [AuditAction.InviteMinted, AuditAction.InviteMinted, AuditAction.InviteMinted, AuditAction.InviteMinted,
             AuditAction.Admitted, AuditAction.Denied, AuditAction.RecordingStarted, AuditAction.RecordingPaused],
            before.Select(e => e.Action));

        var victim = await cluster.SiloHostingAsync(session.Id);
        victim.KillHard();
        var port = await cluster.WaitForSessionAsync(session.Id, victim, TimeSpan.FromSeconds(60));
        output.WriteLine($"killed {victim.Name}; the session answers from silo port {port}");

        Assert.Equal(before, await TrailAsync(admin, session.Id));
        (await admin.PostAsync($"/api/sessions/{session.Id}/end", null)).EnsureSuccessStatusCode();
        var after = await TrailAsync(admin, session.Id);
        Assert.Equal(before, after.Take(before.Count));
        // Ending stops the paused recording first; sequence numbers continue where the dead silo left them.
        Assert.Equal([AuditAction.RecordingStopped, AuditAction.SessionEnded], after.Skip(before.Count).Select(e => e.Action));
        Assert.Equal(Enumerable.Range(1, after.Count).Select(i => (long)i), after.Select(e => e.Seq));
    }

    private static async Task<List<AuditEntry>> TrailAsync(HttpClient admin, string sessionId) =>
        (await admin.GetFromJsonAsync<List<AuditEntry>>($"/api/sessions/{sessionId}/audit", GatewayFixture.Json))!;
}
