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

    private object SessionWebhookData() => new { S.Title, S.Kind, S.Phase, S.LiveAt, S.EndedAt };

    /// <summary>A participant for the operator's backend: observers included and marked by their role; never a token.</summary>
    private static object ParticipantWebhookData(ParticipantRecord p) => new { ParticipantId = p.Id, p.DisplayName, p.Role, p.Admission };

    private static object PollWebhookData(PollRecord poll) =>
        new { PollId = poll.Id, poll.Question, poll.Options, Tally = poll.Tally(_ => true), Voters = poll.Votes.Count };

    /// <summary>The JSON every delivery carries; <c>id</c> and <c>sequence</c> let a receiver drop repeats and restore order.</summary>
    private sealed record WebhookBody(string Id, string Type, string SessionId, long Sequence, DateTimeOffset OccurredAt, object Data);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook events of session {SessionId} not yet handed to its outbox; retrying")]
    private partial void LogWebhookHandOffFailed(string sessionId, Exception ex);
}
