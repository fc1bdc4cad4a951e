using System.Text.Json;
using System.Text.Json.Serialization;
using Live.Sessions;
using Live.Webhooks;
using Microsoft.Extensions.Logging;

namespace Live.Grains.Sessions;

// Webhook events. Each is numbered and put in the session's own state by the change that causes it, so the one write
// that makes the change durable makes the event durable too (a kill -9 between them is impossible). A tick then hands
// the written events to the session's outbox grain, which delivers them.
public sealed partial class SessionGrain
{
    private static readonly JsonSerializerOptions WebhookJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private bool _handingOffWebhooks;

    /// <summary>Queues a webhook event; call it before the <c>SaveAsync</c> of the change it reports.</summary>
    private void Webhook(string type, object data)
    {
        var sequence = ++S.WebhookSequence;
        var id = $"evt_{SessionId}_{sequence}";
        var occurredAt = clock.GetUtcNow();
        var body = JsonSerializer.Serialize(new WebhookBody(id, type, SessionId, sequence, occurredAt, data), WebhookJson);
        S.WebhookPending.Add(new WebhookEvent(id, sequence, type, occurredAt, body));
    }

    /// <summary>
    /// Hands the events already written to the outbox, without holding the session's turn (the tick starts it and moves
    /// on). They leave the pending list in memory only; that removal rides the next write, and until then a restart
    /// hands them over again, which the outbox ignores.
    /// </summary>
    private async Task HandOffWebhooksAsync()
    {
        if (_handingOffWebhooks || S.WebhookPending.Count == 0) return;
        _handingOffWebhooks = true;
        try
        {
            var upTo = S.WebhookSequence;
            // Only what storage holds: an event whose change may still fail to write must not reach anyone.
            await _commit.WhenDurableAsync();
            var batch = S.WebhookPending.Where(e => e.Sequence <= upTo).ToList();
            if (batch.Count == 0) return;
            await GrainFactory.GetGrain<IWebhookOutboxGrain>(SessionId).AppendAsync(batch);
            S.WebhookPending.RemoveAll(e => e.Sequence <= upTo);
        }
        catch (Exception ex)
        {
            LogWebhookHandOffFailed(SessionId, ex); // kept pending: the next tick tries again
        }
        finally
        {
            _handingOffWebhooks = false;
        }
    }

    /// <summary>
    /// Wakes the session on a surviving silo after a crash while written events still wait for the outbox: nothing else
    /// may call a session whose last change raised an event (its participants gone, the session ended by the API).
    /// One minute is Orleans' smallest reminder period.
    /// </summary>
    private const string WebhookReminderName = "webhook-handoff";

    private static readonly TimeSpan WebhookReminderPeriod = TimeSpan.FromMinutes(1);

    private bool _webhookReminderSet;
    private long _webhookSequenceAtLastReminder;

    /// <summary>
    /// Registers the hand-off reminder, once per activation, before the write that makes a webhook event durable; a busy
    /// session pays one reminder write per activation, not one per event.
    /// </summary>
    private async Task EnsureWebhookReminderAsync()
    {
        if (_webhookReminderSet || S.WebhookPending.Count == 0) return;
        try
        {
            await this.RegisterOrUpdateReminder(WebhookReminderName, WebhookReminderPeriod, WebhookReminderPeriod);
            _webhookReminderSet = true;
        }
        catch (Exception ex)
        {
            // The change is still written with its event; only the wake-up is missing, and the session's next
            // activation hands the event over. Failing the change for it would lose more than it saves.
            LogWebhookReminderFailed(SessionId, ex);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != WebhookReminderName) return;
        _webhookReminderSet = true;
        await HandOffWebhooksAsync();
        var sequence = S.WebhookSequence;
        var quiet = S.WebhookPending.Count == 0 && sequence == _webhookSequenceAtLastReminder;
        _webhookSequenceAtLastReminder = sequence;
        if (!quiet) return;

        // Nothing owed and no event for a whole period: drop the reminder so an idle session costs nothing.
        _webhookReminderSet = false;
        if (await this.GetReminder(WebhookReminderName) is { } reminder) await this.UnregisterReminder(reminder);
        // A change that interleaved with the removal may have registered it just before it went: register it again.
        if (S.WebhookSequence != sequence) await EnsureWebhookReminderAsync();
    }

    private object SessionWebhookData() => new { S.Title, S.Kind, S.Phase, S.LiveAt, S.EndedAt };

    /// <summary>A participant for the operator's backend: observers included and marked by their role; never a token.</summary>
    private static object ParticipantWebhookData(ParticipantRecord p) => new { ParticipantId = p.Id, p.DisplayName, p.Role, p.Admission };

    private static object PollWebhookData(PollRecord poll) =>
        new { PollId = poll.Id, poll.Question, poll.Options, Tally = poll.Tally(_ => true), Voters = poll.Votes.Count };

    /// <summary>The JSON every delivery carries; <c>id</c> and <c>sequence</c> let a receiver drop repeats and restore order.</summary>
    private sealed record WebhookBody(string Id, string Type, string SessionId, long Sequence, DateTimeOffset OccurredAt, object Data);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook hand-off reminder of session {SessionId} not registered; its events move at its next activation")]
    private partial void LogWebhookReminderFailed(string sessionId, Exception ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook events of session {SessionId} not yet handed to its outbox; retrying")]
    private partial void LogWebhookHandOffFailed(string sessionId, Exception ex);
}
