using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class RecordingTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Start_WithoutConsent_AsksGuestsAndStaysOff()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        var result = await s.Recording.StartRecordingAsync(host);
        Assert.Equal(RecordingStatus.Off, result.Status);
        Assert.Equal(["Riley"], result.PendingConsent);
        var ask = await events.WaitForAsync(e => e.Type == SessionEventTypes.ConsentRequested);
        Assert.Equal(riley, ask.ParticipantId);
        Assert.Equal(Consent.Asked, (await s.Session.GetViewAsync(riley)).Me.Consent);
    }

    [Fact]
    public async Task Start_AfterEveryoneConsents_RecordsPauseResumeStopOnTheSessionClock()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        var sam = await s.JoinAsync(Role.Respondent, "Sam", hostId: host);
        await s.Recording.SetConsentAsync(riley, true);
        Assert.Equal(["Sam"], (await s.Recording.StartRecordingAsync(host)).PendingConsent);
        await s.Recording.SetConsentAsync(sam, true);

        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        Assert.Equal(RecordingStatus.Recording, (await s.Recording.StartRecordingAsync(host)).Status);
        Assert.Equal(RecordingStatus.Paused, (await s.Recording.PauseRecordingAsync(host)).Status);
        Assert.Equal(RecordingStatus.Recording, (await s.Recording.ResumeRecordingAsync(host)).Status);
        var stopped = await s.Recording.StopRecordingAsync(host);
        Assert.Equal(
            [RecordingStatus.Recording, RecordingStatus.Paused, RecordingStatus.Recording, RecordingStatus.Stopped],
            stopped.Markers.Select(m => m.Status));
        Assert.True(stopped.Markers.Zip(stopped.Markers.Skip(1)).All(p => p.First.AtMs <= p.Second.AtMs));
        var indicator = await events.WaitForAsync(e => e.Type == SessionEventTypes.Recording);
        Assert.Equal(Audience.Everyone, indicator.Audience);
        Assert.Equal(RecordingStatus.Stopped, (await s.Session.GetViewAsync(riley)).Recording.Status);
    }

    [Fact]
    public async Task Declined_BlocksRecordingAndHostSeesIt()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        await s.Recording.SetConsentAsync(riley, false);
        var result = await s.Recording.StartRecordingAsync(host);
        Assert.Equal(RecordingStatus.Off, result.Status);
        Assert.Equal(["Riley (declined)"], result.PendingConsent);
        Assert.Contains((await s.Session.GetViewAsync(host)).Roster, r => r.ParticipantId == riley && r.Consent == Consent.Declined);
    }

    [Fact]
    public async Task WrongTransitions_Refused()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        await Refusal.ExpectAsync("recording-off", () => s.Recording.PauseRecordingAsync(host));
        await Refusal.ExpectAsync("recording-off", () => s.Recording.StopRecordingAsync(host));
        await s.Recording.StartRecordingAsync(host);
        await Refusal.ExpectAsync("recording-on", () => s.Recording.StartRecordingAsync(host));
        await Refusal.ExpectAsync("recording-off", () => s.Recording.ResumeRecordingAsync(host));
        Assert.Single((await s.Session.GetViewAsync(host)).Recording.Markers);
    }

    [Fact]
    public async Task GuestAdmittedWhileRecording_IsAskedForConsent()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        await s.Recording.StartRecordingAsync(host);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        var late = await s.JoinAsync(Role.Respondent, "Late", hostId: host);
        var ask = await events.WaitForAsync(e => e.Type == SessionEventTypes.ConsentRequested);
        Assert.Equal(late, ask.ParticipantId);
    }
}
