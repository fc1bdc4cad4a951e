namespace Live.Sessions;

/// <summary>The staff-only side of a session: chat among hosts and observers, and timestamped notes.</summary>
[Alias("Live.ISessionBackroom")]
public interface ISessionBackroom : IGrainWithStringKey
{
    /// <summary>Posts a chat line visible to hosts and observers only.</summary>
    [Alias("Chat")] Task<BackroomMessage> ChatAsync(string participantId, string text);

    /// <summary>Drops a note stamped with the session clock and the current prompt.</summary>
    [Alias("AddNote")] Task<BackroomMessage> AddNoteAsync(string participantId, string text);

    /// <summary>
    /// The session's notes in the order they were taken, from <paramref name="skip"/>, at most <paramref name="take"/>
    /// (1 to <see cref="SessionLimits.MaxNotesPage"/>): the export after a study. Snapshots carry only the latest notes.
    /// Callers are trusted (the REST API requires the API key).
    /// </summary>
    [Alias("ExportNotes")] Task<IReadOnlyList<BackroomMessage>> ExportNotesAsync(int skip, int take);
}
