using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Orleans.Core.Internal;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class DurabilityTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task AcknowledgedChanges_SurviveDeactivation()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var observer = await s.JoinAsync(Role.Observer, "Omar");
        await s.Stage.NextPromptAsync(host);
        var poll = await s.Feedback.OpenPollAsync(host, "Pick", ["A", "B"], multiple: false, observersMayVote: false);
        await s.Feedback.VoteAsync(riley, poll.Id, [1]);
        var note = await s.Backroom.AddNoteAsync(observer, "Kept?");
        await s.Feedback.ReactAsync(riley, "👍");

        await s.Session.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(200);

        var view = await s.Session.GetViewAsync(host);
        Assert.Equal(SessionPhase.Live, view.Phase);
        Assert.Equal(0, view.Prompt!.Index);
        Assert.Equal([0, 1], view.Polls.Single().Tally);
        Assert.Contains(view.Notes!, n => n.Id == note.Id);
        Assert.Equal(1, view.Reactions!["👍"]);
        Assert.Contains(view.Roster, r => r.ParticipantId == riley && r.Admission == Admission.Admitted);
        // Ids keep growing after reactivation: a new poll does not reuse an old id.
        var next = await s.Feedback.OpenPollAsync(host, "Again", ["A", "B"], multiple: false, observersMayVote: false);
        Assert.NotEqual(poll.Id, next.Id);
    }
}
