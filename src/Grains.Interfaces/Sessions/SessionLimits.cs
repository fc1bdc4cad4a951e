namespace Live.Sessions;

/// <summary>Bounds on everything a client can send. The grains enforce them; the gateway checks sizes early too.</summary>
public static class SessionLimits
{
    public const int MaxTitleLength = 200;
    public const int MaxDisplayNameLength = 80;
    public const int MaxPromptLength = 1_000;
    public const int MaxGuidePrompts = 100;
    public const int MaxMessageLength = 2_000;
    public const int MaxPollOptions = 10;
    public const int MinPollOptions = 2;
    public const int MaxOptionLength = 200;
    public const int MaxProductCards = 50;
    public const int MaxCardFieldLength = 300;
    public const int MaxUrlLength = 2_000;
    /// <summary>Backroom history kept per session; older chat lines and notes stay in durable state, beyond this they are refused.</summary>
    public const int MaxBackroomMessages = 5_000;

    /// <summary>Room chat lines (hosts and guests) kept per session; beyond this they are refused.</summary>
    public const int MaxRoomMessages = 5_000;

    /// <summary>Most notes one export call returns.</summary>
    public const int MaxNotesPage = 1_000;
    public const int MaxPolls = 200;
    /// <summary>Prompts shown over a session's life (kept for the recording timeline); 180 minutes at one every 3 s.</summary>
    public const int MaxPromptsShown = 3_600;
    public const int MaxParticipants = 20_000;
    /// <summary>
    /// Observers the staff roster lists by name: the first ones to join. Beyond them observers are only counted
    /// (<see cref="SessionView.ObserversPresent"/>), so a join costs the same in a room of 10,000 as in a room of 10.
    /// </summary>
    public const int ListedObservers = 100;

    /// <summary>
    /// Audit entries a session keeps; beyond, the oldest go (and are counted) so that a host minting invites in a loop
    /// cannot grow the state without bound. A long focus group writes a few hundred.
    /// </summary>
    public const int MaxAuditEntries = 10_000;
    /// <summary>
    /// Invites minted for one session (each is recorded on the audit trail before it is handed out). Ten times a
    /// 1,000-observer webinar's list, and a bound on what a leaked host token can mint.
    /// </summary>
    public const int MaxInvites = 20_000;
    /// <summary>Most audit entries one read returns.</summary>
    public const int MaxAuditPage = 1_000;

    /// <summary>The fixed set of reactions a participant can tap.</summary>
    public static readonly IReadOnlyList<string> Reactions = ["👍", "👎", "❤️", "😂", "😮", "🤔"];
}
