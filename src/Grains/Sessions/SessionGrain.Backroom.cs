using Live.Grains.Infrastructure;
using Live.Sessions;

namespace Live.Grains.Sessions;

// Staff-only chat and notes. Both go to the Staff audience only.
public sealed partial class SessionGrain
{
    private const double MessagesPerSecond = 2, MessageBurst = 5;

    public async Task<BackroomMessage> ChatAsync(string participantId, string text)
    {
        var author = RequireStaff(participantId);
        RequireNotEnded();
        var message = NewBackroomMessage(author, text, S.Chat);
        S.Chat.Add(message);
        await SaveAsync();
        Publish(Audience.Staff, SessionEventTypes.Chat, message);
        return message;
    }

    public async Task<BackroomMessage> AddNoteAsync(string participantId, string text)
    {
        var author = RequireStaff(participantId);
        RequireLive();
        var note = NewBackroomMessage(author, text, S.Notes);
        S.Notes.Add(note);
        await SaveAsync();
        Publish(Audience.Staff, SessionEventTypes.Note, note);
        return note;
    }

    public Task<IReadOnlyList<BackroomMessage>> ExportNotesAsync(int skip, int take)
    {
        RequireCreated();
        if (skip < 0) throw Input.Invalid("skip must not be negative.");
        if (take is < 1 or > SessionLimits.MaxNotesPage) throw Input.Invalid($"take is 1 to {SessionLimits.MaxNotesPage}.");
        return Task.FromResult<IReadOnlyList<BackroomMessage>>([.. S.Notes.Skip(skip).Take(take)]);
    }

    private BackroomMessage NewBackroomMessage(ParticipantRecord author, string text, List<BackroomMessage> into)
    {
        var body = Input.Text(text, SessionLimits.MaxMessageLength, "Message");
        if (into.Count >= SessionLimits.MaxBackroomMessages)
            throw Refuse("backroom-full", $"This session already holds {SessionLimits.MaxBackroomMessages} messages of this kind.");
        RequireRate(author.Id, "backroom", MessagesPerSecond, MessageBurst);
        return new BackroomMessage(NewId("msg"), author.Id, author.DisplayName, body, ClockMs(), S.Prompt?.Index, S.Prompt?.Text);
    }
}
