using Live.Grains.Webhooks;
using Live.Sessions;
using Live.Tests.Integration.Infrastructure;
using Live.Webhooks;
using Orleans.Core.Internal;

namespace Live.Tests.Integration.Grains;

/// <summary>
/// Webhook delivery end to end inside one silo: session events reach a real HTTP receiver signed, numbered and in order,
/// survive failures (retries, dead letters, replay) and an outbox deactivation.
/// </summary>
[Collection(ClusterCollection.Name), Trait("Category", "Grain")]
public sealed class WebhookDeliveryTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Grains;
    private IWebhookRegistryGrain Registry => Grains.GetGrain<IWebhookRegistryGrain>(IWebhookRegistryGrain.DefaultKey);

    [Fact]
    public async Task SessionFlow_DeliversSignedEventsInSequence_ObserverMarkedByRole()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await RegisterAsync(receiver);
        try
        {
            var (s, host) = await SessionScenario.LiveAsync(Grains);
            var riley = await s.JoinAsync(Role.Respondent, "Riley", hostId: host);
            await s.JoinAsync(Role.Observer, "Omar");
            var poll = await s.Feedback.OpenPollAsync(host, "Pick", ["A", "B"], multiple: false, observersMayVote: false);
            await s.Feedback.VoteAsync(riley, poll.Id, [1]);
            await s.Feedback.ClosePollAsync(host, poll.Id);
            await s.Lobby.SetPresenceAsync(riley, false);
            await s.Session.EndAsync(host);

            var got = await receiver.WaitForAsync(r => r.Any(x => x.SessionId == s.Id && x.Type == WebhookEventTypes.SessionEnded));
            var mine = receiver.Accepted(s.Id);
            Assert.All(got.Where(r => r.SessionId == s.Id), r => Assert.True(r.Verified));
            Assert.Equal(Enumerable.Range(1, mine.Count).Select(i => (long)i), mine.Select(r => r.Sequence));
            Assert.All(mine, r => Assert.Equal(r.Id, r.EventIdHeader));
            Assert.All(mine, r => Assert.Equal(r.Sequence.ToString(), r.SequenceHeader));
            Assert.Equal(
                [WebhookEventTypes.ParticipantJoined, WebhookEventTypes.SessionLive, WebhookEventTypes.ParticipantJoined,
                 WebhookEventTypes.ParticipantAdmitted, WebhookEventTypes.ParticipantJoined, WebhookEventTypes.PollClosed,
                 WebhookEventTypes.ParticipantLeft, WebhookEventTypes.SessionEnded],
                mine.Select(r => r.Type));
            var observerJoin = mine.Where(r => r.Type == WebhookEventTypes.ParticipantJoined).Last();
            Assert.Contains("\"role\":\"observer\"", observerJoin.Body);
            Assert.Contains("\"tally\":[0,1]", mine.Single(r => r.Type == WebhookEventTypes.PollClosed).Body);
            Assert.DoesNotContain(mine, r => r.Body.Contains("token", StringComparison.OrdinalIgnoreCase));
        }
        finally
        {
            await Registry.DeleteAsync(endpoint.Id);
        }
    }

    [Fact]
    public async Task EventIsInTheSessionsStoredState_BeforeTheCallReturns()
    {
        var (s, _) = await SessionScenario.LiveAsync(Grains);
        var stored = await fixture.ReadStoredSessionAsync(s.Id);
        // Host joined (1) and the session went live (2): both written with the changes themselves.
        Assert.Equal(2, stored.WebhookSequence);
        // Registered before that first write, so a silo dying right after it still wakes the session on a survivor to
        // hand the events over, even if nothing calls the session again.
        Assert.Contains("webhook-handoff", await fixture.RemindersOfAsync(Grains.GetGrain<ISessionGrain>(s.Id).GetGrainId()));
    }

    [Fact]
    public async Task ReceiverFailsFirstAttempts_RetriedThenDelivered_InOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Respond = attempt => attempt <= 2 ? 500 : 200;
        var endpoint = await RegisterAsync(receiver, WebhookEventTypes.ParticipantJoined, WebhookEventTypes.SessionLive);
        try
        {
            var (s, _) = await SessionScenario.LiveAsync(Grains);
            for (var i = 0; i < 3; i++) await s.JoinAsync(Role.Observer, $"O{i}");

            await receiver.WaitForAsync(r => r.Count(x => x.SessionId == s.Id && x.Status == 200) == 5);
            var attempts = receiver.Receipts.Where(r => r.SessionId == s.Id).ToList();
            Assert.Equal([500, 500, 200], attempts.Take(3).Select(a => a.Status));
            Assert.All(attempts.Take(3), a => Assert.Equal(1, a.Sequence)); // the head is retried; nothing overtakes it
            Assert.Equal([1L, 2, 3, 4, 5], receiver.Accepted(s.Id).Select(r => r.Sequence));
            var outbox = Grains.GetGrain<IWebhookOutboxGrain>(s.Id);
            await EventuallyAsync(async () => (await outbox.GetStatusAsync()) is { Pending: 0 } done ? done : null);
        }
        finally
        {
            await Registry.DeleteAsync(endpoint.Id);
        }
    }

    [Fact]
    public async Task ReceiverAlwaysFails_DeadLetter_ReplayAfterRecoveryDelivers()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var down = true;
        receiver.Respond = _ => down ? 503 : 204;
        var endpoint = await RegisterAsync(receiver, WebhookEventTypes.SessionLive);
        try
        {
            var (s, _) = await SessionScenario.LiveAsync(Grains);
            var outbox = Grains.GetGrain<IWebhookOutboxGrain>(s.Id);
            var dead = await EventuallyAsync(async () => (await outbox.ListDeadLettersAsync()).SingleOrDefault());
            Assert.Equal(ClusterFixture.WebhookMaxAttempts, dead.Attempts);
            Assert.Equal("HTTP 503", dead.LastError);
            Assert.Equal(endpoint.Id, dead.EndpointId);
            Assert.Equal(WebhookEventTypes.SessionLive, dead.Type);
            Assert.Equal(ClusterFixture.WebhookMaxAttempts, receiver.Receipts.Count(r => r.SessionId == s.Id));

            down = false;
            Assert.True(await outbox.ReplayDeadLetterAsync(dead.Id));
            var delivered = (await receiver.WaitForAsync(r => r.Any(x => x.SessionId == s.Id && x.Status == 204)))
                .Single(r => r.SessionId == s.Id && r.Status == 204);
            Assert.Equal(dead.EventId, delivered.Id);
            Assert.Empty(await outbox.ListDeadLettersAsync());
            Assert.False(await outbox.ReplayDeadLetterAsync(dead.Id));

            // A replay from a sequence number sends the retained events again, same ids and bytes (once the outbox has
            // recorded the success: an event still owed to the endpoint is not queued twice).
            await EventuallyAsync(async () => (await outbox.GetStatusAsync()) is { Pending: 0 } done ? done : null);
            Assert.Equal(1, await outbox.ReplayFromAsync(endpoint.Id, 1));
            await receiver.WaitForAsync(r => r.Count(x => x.SessionId == s.Id && x.Status == 204) == 2);
            var both = receiver.Accepted(s.Id);
            Assert.Equal(both[0].Body, both[1].Body);
        }
        finally
        {
            await Registry.DeleteAsync(endpoint.Id);
        }
    }

    [Fact]
    public async Task Signature_WithWrongSecretOrTamperedBodyOrOldTimestamp_FailsVerification()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await RegisterAsync(receiver, WebhookEventTypes.SessionLive);
        try
        {
            var (s, _) = await SessionScenario.LiveAsync(Grains);
            var delivery = (await receiver.WaitForAsync(r => r.Any(x => x.SessionId == s.Id))).First(r => r.SessionId == s.Id);
            var now = DateTimeOffset.UtcNow;
            Assert.True(WebhookSignature.Verify(receiver.Secret, delivery.Signature, delivery.Body, now));
            Assert.False(WebhookSignature.Verify("whsec_not-the-secret", delivery.Signature, delivery.Body, now));
            Assert.False(WebhookSignature.Verify(receiver.Secret, delivery.Signature, delivery.Body.Replace("live", "ended"), now));
            Assert.False(WebhookSignature.Verify(receiver.Secret, delivery.Signature, delivery.Body, now.AddMinutes(10)));
            Assert.False(WebhookSignature.Verify(receiver.Secret, "", delivery.Body, now));
        }
        finally
        {
            await Registry.DeleteAsync(endpoint.Id);
        }
    }

    [Fact]
    public async Task OutboxSurvivesDeactivation_KeepsAReminderWhileOwing_DeliveryResumesOnReactivation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var down = true;
        receiver.Respond = _ => down ? 500 : 200;
        var endpoint = await RegisterAsync(receiver, WebhookEventTypes.SessionLive, WebhookEventTypes.ParticipantJoined);
        try
        {
            var (s, _) = await SessionScenario.LiveAsync(Grains);
            await receiver.WaitForAsync(r => r.Any(x => x.SessionId == s.Id));
            var outbox = Grains.GetGrain<IWebhookOutboxGrain>(s.Id);
            await outbox.Cast<IGrainManagementExtension>().DeactivateOnIdle();
            await Task.Delay(300);

            // What storage holds is what a crash would keep: both events, both deliveries still owed.
            var stored = await fixture.ReadStoredOutboxAsync(s.Id);
            Assert.Equal([1L, 2], stored.Events.Select(e => e.Sequence));
            Assert.Equal(2, stored.Pending.Count(p => p.EndpointId == endpoint.Id));

            // While deliveries are owed a reminder is kept, so a silo's death does not strand them.
            Assert.Equal(["webhook-delivery"], await fixture.RemindersOfAsync(outbox.GetGrainId()));

            down = false;
            var status = await outbox.GetStatusAsync(); // any call activates it; the reminder does the same within a minute
            Assert.Equal(2, status.LastSequence);
            await receiver.WaitForAsync(r => r.Count(x => x.SessionId == s.Id && x.Status == 200) == 2);
            Assert.Equal([1L, 2], receiver.Accepted(s.Id).Select(r => r.Sequence));
            // Nothing owed: no reminder left to cost anything.
            await EventuallyAsync(async () => (await fixture.RemindersOfAsync(outbox.GetGrainId())).Count == 0 ? "" : null);
        }
        finally
        {
            await Registry.DeleteAsync(endpoint.Id);
        }
    }

    [Fact]
    public async Task OutboxFullForAnEndpoint_NewestRefusedAndCounted_OldestKept_ReplayDeliversTheRest()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var endpoint = await RegisterAsync(receiver);
        try
        {
            var sessionId = "s-" + Guid.NewGuid().ToString("N")[..12];
            var cap = ClusterFixture.WebhookMaxPendingPerEndpoint;
            var refusedBefore = WebhookMetrics.Refused.WithLabels("outbox-full").Value;
            var events = Enumerable.Range(1, cap + 5).Select(i => SyntheticEvent(sessionId, i)).ToList();
            var outbox = Grains.GetGrain<IWebhookOutboxGrain>(sessionId);
            await outbox.AppendAsync(events);

            Assert.Equal(5, WebhookMetrics.Refused.WithLabels("outbox-full").Value - refusedBefore);
            await receiver.WaitForAsync(r => r.Count(x => x.SessionId == sessionId) == cap);
            await Task.Delay(300);
            Assert.Equal(Enumerable.Range(1, cap).Select(i => (long)i), receiver.Accepted(sessionId).Select(r => r.Sequence));

            // Refused is not lost: the events are retained, and a replay from the first refused one delivers them.
            Assert.Equal(cap + 5, (await outbox.GetStatusAsync()).RetainedEvents);
            Assert.Equal(5, await outbox.ReplayFromAsync(endpoint.Id, cap + 1));
            await receiver.WaitForAsync(r => r.Count(x => x.SessionId == sessionId) == cap + 5);
            Assert.Equal(Enumerable.Range(1, cap + 5).Select(i => (long)i), receiver.Accepted(sessionId).Select(r => r.Sequence));
            // A repeat of what the outbox already holds (a session re-handing events after a restart) is ignored.
            await EventuallyAsync(async () => (await outbox.GetStatusAsync()) is { Pending: 0 } done ? done : null);
            await outbox.AppendAsync(events);
            Assert.Equal(new WebhookOutboxStatus(cap + 5, 0, 0, cap + 5), await outbox.GetStatusAsync());
        }
        finally
        {
            await Registry.DeleteAsync(endpoint.Id);
        }
    }

    [Fact]
    public async Task Register_RefusesNonHttpUrlsAndUnknownTypes()
    {
        await Assert.ThrowsAsync<SessionRuleException>(() => Registry.RegisterAsync("ftp://127.0.0.1/hook", null));
        await Assert.ThrowsAsync<SessionRuleException>(() => Registry.RegisterAsync("file:///etc/passwd", null));
        await Assert.ThrowsAsync<SessionRuleException>(() => Registry.RegisterAsync("http://127.0.0.1/hook", ["session.exploded"]));
    }

    private async Task<WebhookEndpoint> RegisterAsync(WebhookReceiver receiver, params string[] events)
    {
        var registration = await Registry.RegisterAsync(receiver.Url.ToString(), events);
        receiver.Secret = registration.Secret;
        return registration.Endpoint;
    }

    private static WebhookEvent SyntheticEvent(string sessionId, long sequence)
    {
        var id = $"evt_{sessionId}_{sequence}";
        var body = System.Text.Json.JsonSerializer.Serialize(new { id, type = WebhookEventTypes.ParticipantJoined, sessionId, sequence, data = new { } });
        return new WebhookEvent(id, sequence, WebhookEventTypes.ParticipantJoined, DateTimeOffset.UtcNow, body);
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe) where T : class
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(50);
        }
        throw new TimeoutException("The condition never held.");
    }
}
