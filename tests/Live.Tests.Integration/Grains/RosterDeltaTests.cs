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
        var (s, _) = await SessionScenario.LiveAsync(Grains);
        await Task.Delay(300);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        const int crowd = 60;
        await Task.WhenAll(Enumerable.Range(0, crowd).Select(i => s.JoinAsync(Role.Observer, $"Observer {i}")));
        await Task.Delay(300);

        var staffUpdates = events.Events.Where(e => e.Type == SessionEventTypes.StaffRoster).ToList();
        var entriesSent = staffUpdates.Sum(e => ((IReadOnlyList<RosterEntry>)e.Data!).Count);
        // Every joiner announced once; a full roster per join would have sent 60 × 61 / 2 = 1,830 entries.
        Assert.Equal(crowd, entriesSent);
        Assert.InRange(staffUpdates.Count, 1, crowd);
        Assert.DoesNotContain(events.Events, e => e.Audience == Audience.Everyone);
    }
}
