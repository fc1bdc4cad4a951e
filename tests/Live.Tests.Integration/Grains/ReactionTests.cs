using Live.Sessions;
using Live.Tests.Integration.Infrastructure;

namespace Live.Tests.Integration.Grains;

[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class ReactionTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;

    [Fact]
    public async Task ManyTaps_AggregatedIntoFewStaffUpdates()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var people = new List<string>();
        for (var i = 0; i < 20; i++) people.Add(await s.JoinAsync(i % 2 == 0 ? Role.Respondent : Role.Observer, $"P{i}", hostId: host));
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);

        // 200 taps: 20 people × 10 taps, inside each person's burst allowance.
        await Task.WhenAll(people.Select(async p =>
        {
            for (var t = 0; t < 10; t++) await s.Feedback.ReactAsync(p, t % 2 == 0 ? "👍" : "❤️");
        }));
        // Every acknowledged tap is already written: a crash now would lose none.
        Assert.Equal(200, (await fixture.ReadStoredSessionAsync(s.Id)).Reactions.Values.Sum());

        var final = await events.WaitForAsync(e => e.Type == SessionEventTypes.Reactions
            && ((IReadOnlyDictionary<string, long>)e.Data!).Values.Sum() == 200);
        Assert.Equal(Audience.Staff, final.Audience);
        var totals = (IReadOnlyDictionary<string, long>)final.Data!;
        Assert.Equal(100, totals["👍"]);
        Assert.Equal(100, totals["❤️"]);
        // One message per publishing tick at most, never one per tap.
        var updates = events.Events.Count(e => e.Type == SessionEventTypes.Reactions);
        Assert.InRange(updates, 1, 199);
        Assert.Equal(200, (await s.Session.GetViewAsync(host)).Reactions!.Values.Sum());
    }

    [Fact]
    public async Task React_Acknowledged_IsAlreadyStored()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);

        await s.Feedback.ReactAsync(riley, "🤔");

        var stored = await fixture.ReadStoredSessionAsync(s.Id);
        Assert.Equal(1, stored.Reactions.GetValueOrDefault("🤔"));
        Assert.Equal(1, stored.ReactionSeconds.Values.Sum(second => second.GetValueOrDefault("🤔")));
    }

    [Fact]
    public async Task Updates_AreSpacedByThePublishInterval()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var people = new List<string>();
        for (var i = 0; i < 5; i++) people.Add(await s.JoinAsync(Role.Respondent, $"P{i}", hostId: host));
        var events = await EventRecorder.SubscribeAsync(Grains, s.Id);
        var stamps = new List<DateTime>();
        var until = DateTime.UtcNow.AddSeconds(1.5);
        var tap = 0;
        while (DateTime.UtcNow < until)
        {
            try { await s.Feedback.ReactAsync(people[tap++ % people.Count], "😮"); } catch (SessionRuleException) { }
            await Task.Delay(5);
        }
        await Task.Delay(300);
        var count = events.Events.Count(e => e.Type == SessionEventTypes.Reactions);
        // ≤ 10 per second per session (ARCHITECTURE.md); 1.5 s of tapping plus the last flush.
        Assert.InRange(count, 1, 17);
    }

    [Fact]
    public async Task React_UnknownEmojiOrTooFast_Refused()
    {
        var (s, host) = await SessionScenario.LiveAsync(Grains);
        var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
        await Refusal.ExpectAsync("invalid-input", () => s.Feedback.ReactAsync(riley, "💩"));
        var refused = 0;
        await Task.WhenAll(Enumerable.Range(0, 30).Select(async _ =>
        {
            try { await s.Feedback.ReactAsync(riley, "👍"); } catch (SessionRuleException e) when (e.Code == "rate-limited") { Interlocked.Increment(ref refused); }
        }));
        Assert.True(refused > 0, "a participant tapping 30 times at once must hit the rate limit");
        Assert.Equal(30 - refused, (await s.Session.GetViewAsync(host)).Reactions!.GetValueOrDefault("👍"));
    }
}
