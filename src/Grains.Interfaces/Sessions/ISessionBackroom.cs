namespace Live.Sessions;

/// <summary>The staff-only side of a session: chat among hosts and observers, and timestamped notes.</summary>
[Alias("Live.ISessionBackroom")]
public interface ISessionBackroom : IGrainWithStringKey
{
    /// <summary>Posts a chat line visible to hosts and observers only.</summary>
    [Alias("Chat")] Task<BackroomMessage> ChatAsync(string participantId, string text);

    /// <summary>Drops a note stamped with the session clock and the current prompt.</summary>
    [Alias("AddNote")] Task<BackroomMessage> AddNoteAsync(string participantId, string text);
}
