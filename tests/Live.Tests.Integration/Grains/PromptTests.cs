using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class PromptTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Guide_NextPreviousJumpAndAdHoc_ParticipantsSeeCurrentPrompt()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        Assert.Equal(0, (await s.Stage.NextPromptAsync(host)).Index);
        Assert.Equal(1, (await s.Stage.NextPromptAsync(host)).Index);
        Assert.Equal(0, (await s.Stage.PreviousPromptAsync(host)).Index);
        Assert.Equal("Third prompt", (await s.Stage.JumpToPromptAsync(host, 2)).Text);
        var adHoc = await s.Stage.ShowAdHocPromptAsync(host, "  Why did you click there?  ");
        Assert.Null(adHoc.Index);
        Assert.Equal("Why did you click there?", adHoc.Text);
        Assert.Equal("Why did you click there?", (await s.Session.GetViewAsync(riley)).Prompt!.Text);
        // After an ad-hoc prompt the guide continues where it was.
        Assert.Equal(1, (await s.Stage.PreviousPromptAsync(host)).Index);

        var prompt = await events.WaitForAsync(e => e.Type == SessionEventTypes.Prompt && ((PromptView)e.Data!).Index == 1);
        Assert.Equal(Audience.Everyone, prompt.Audience);
    }

    [Fact]
    public async Task Guide_PastEitherEnd_RefusedAndPromptUnchanged()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        await Refusal.ExpectAsync("no-such-prompt", () => s.Stage.PreviousPromptAsync(host));
        await s.Stage.JumpToPromptAsync(host, 2);
        await Refusal.ExpectAsync("no-such-prompt", () => s.Stage.NextPromptAsync(host));
        await Refusal.ExpectAsync("no-such-prompt", () => s.Stage.JumpToPromptAsync(host, 3));
        await Refusal.ExpectAsync("no-such-prompt", () => s.Stage.JumpToPromptAsync(host, -1));
        Assert.Equal(2, (await s.Session.GetViewAsync(host)).Prompt!.Index);
    }

    [Fact]
    public async Task AdHocPrompt_Oversized_RefusedAndPromptUnchanged()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        await s.Stage.NextPromptAsync(host);
        await Refusal.ExpectAsync("invalid-input", () => s.Stage.ShowAdHocPromptAsync(host, new string('x', SessionLimits.MaxPromptLength + 1)));
        await Refusal.ExpectAsync("invalid-input", () => s.Stage.ShowAdHocPromptAsync(host, "   "));
        Assert.Equal("First prompt", (await s.Session.GetViewAsync(host)).Prompt!.Text);
    }
}
