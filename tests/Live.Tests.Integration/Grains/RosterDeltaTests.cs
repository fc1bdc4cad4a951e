using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class RosterDeltaTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task CrowdJoining_SendsChangedEntriesOnly_NotAFullRosterPerJoin()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        const int crowd = 60;
        var joined = await Task.WhenAll(Enumerable.Range(0, crowd).Select(i => s.JoinAsync(Role.Observer, $"Observer {i}")));
        // A respondent admitted after the crowd is published on a later tick: every crowd entry went out before it.
        var probe = await s.JoinAsync(Role.Respondent, "Probe", hostId: host);
        var published = await events.ThroughAsync(e => e.Type == SessionEventTypes.Roster
            && ((IReadOnlyList<RosterEntry>)e.Data!).Any(entry => entry.ParticipantId == probe));

        var staffUpdates = published.Where(e => e.Type == SessionEventTypes.StaffRoster).ToList();
        var entriesSent = staffUpdates.Sum(e => ((IReadOnlyList<RosterEntry>)e.Data!).Count(entry => joined.Contains(entry.ParticipantId)));
        // Every joiner announced once; a full roster per join would have sent 60 × 61 / 2 = 1,830 entries.
        Assert.Equal(crowd, entriesSent);
        Assert.InRange(staffUpdates.Count, 1, crowd);
        Assert.All(published.Where(e => e.Audience == Audience.Everyone), e =>
            Assert.DoesNotContain((IReadOnlyList<RosterEntry>)e.Data!, entry => entry.Role == Role.Observer));
    }
}
