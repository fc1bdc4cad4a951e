using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Orleans.Core.Internal;

namespace Live.Tests.Integration.Grains;

/// <summary>
/// Every event carries its place in the session's stream, and a heartbeat follows activity, so a gateway can tell
/// when an event never reached it (and have its browsers fetch a snapshot).
/// </summary>
[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class EventStreamTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task Events_AreNumberedWithoutGaps_AndAHeartbeatFollowsTheLastOne()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        await s.Stage.NextPromptAsync(host);
        var poll = await s.Feedback.OpenPollAsync(host, "Pick", ["A", "B"], multiple: false, observersMayVote: false);
        await s.Feedback.ClosePollAsync(host, poll.Id);
        var lastChange = await events.WaitForAsync(e => e.Type == SessionEventTypes.Poll && !((PollView)e.Data!).Open);

        var heartbeat = await events.WaitForAsync(e => e.Type == SessionEventTypes.Heartbeat && e.Seq > lastChange.Seq, TimeSpan.FromSeconds(3));
        Assert.Equal(Audience.Gateways, heartbeat.Audience);
        Assert.Null(heartbeat.Data);
        var stream = events.Events.SkipWhile(e => e.Seq == 0).ToList();
        Assert.All(stream, e => Assert.Equal(heartbeat.Stream, e.Stream));
        // Consecutive, none missing; not necessarily in order: Orleans may deliver a later notification first (seen
        // here: 10 before 9), which is why gateways put them back in order (EventSequencer).
        var seqs = stream.Select(e => e.Seq).Order().ToList();
        Assert.Equal(Enumerable.Range((int)seqs[0], seqs.Count).Select(i => (long)i), seqs);
    }

    [Fact]
    public async Task ANewActivation_StartsANewStream()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        await s.Stage.NextPromptAsync(host);
        var before = await events.WaitForAsync(e => e.Type == SessionEventTypes.Prompt);

        await s.Session.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await s.Stage.NextPromptAsync(host); // reactivates it; it re-subscribes the stored gateways

        var after = await events.WaitForAsync(e => e.Type == SessionEventTypes.Prompt && e.Stream != before.Stream);
        Assert.NotEqual(0, after.Stream);
    }
}
