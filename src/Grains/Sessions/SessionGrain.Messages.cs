using Live.Grains.Infrastructure;
using Live.Sessions;

namespace Live.Grains.Sessions;

// The room's text chat between hosts and guests. Observers may read it (it goes to Everyone) but never write to it:
// a line from an observer would tell a guest that observers exist.
public sealed partial class SessionGrain
{
    /// <summary>Same pace as the backroom chat: a burst of five lines, then two a second.</summary>
    private const double RoomMessagesPerSecond = 2, RoomMessageBurst = 5;

    public async Task<RoomMessage> SendMessageAsync(string participantId, string text)
    {
        var author = Admitted(participantId);
        if (author.Role == Role.Observer)
            throw Refuse("observers-read-only", "Observers can read the chat with guests but not write in it; use the backroom.");
        RequireNotEnded();
        var body = Input.Text(text, SessionLimits.MaxMessageLength, "Message");
        if (S.Messages.Count >= SessionLimits.MaxRoomMessages)
            throw Refuse("chat-full", $"This session already holds {SessionLimits.MaxRoomMessages} chat messages.");
        RequireRate(author.Id, "messages", RoomMessagesPerSecond, RoomMessageBurst);
        // Only hosts and guests advance this id counter, so a guest's "line3" counts lines a guest could see.
        var message = new RoomMessage(NewId("line"), author.Id, author.DisplayName, author.Role, body, ClockMs(), clock.GetUtcNow());
        S.Messages.Add(message);
        await SaveAsync();
        Publish(Audience.Everyone, SessionEventTypes.Message, message);
        return message;
    }
}
