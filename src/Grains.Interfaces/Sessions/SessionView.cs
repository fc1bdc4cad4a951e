namespace Live.Sessions;

/// <summary>
/// Everything one participant may see, built by the session grain for that participant's role.
/// Sent as a snapshot on (re)connect and on admission. Staff-only parts are null for guests; a guest
/// waiting in the lobby gets only the title, phase and their own entry.
/// </summary>
[GenerateSerializer, Immutable, Alias("Live.SessionView")]
public sealed record SessionView
{
    [Id(0)] public required string SessionId { get; init; }
    [Id(1)] public required string Title { get; init; }
    [Id(2)] public required SessionKind Kind { get; init; }
    [Id(3)] public required SessionPhase Phase { get; init; }
    [Id(4)] public required RosterEntry Me { get; init; }
    [Id(5)] public IReadOnlyList<RosterEntry> Roster { get; init; } = [];
    [Id(6)] public PromptView? Prompt { get; init; }
    [Id(7)] public IReadOnlyList<PollView> Polls { get; init; } = [];
    [Id(8)] public ProductCard? Card { get; init; }
    [Id(9)] public RecordingView Recording { get; init; } = new(RecordingStatus.Off, []);
    /// <summary>Hosts only: the discussion guide and the product catalogue.</summary>
    [Id(10)] public IReadOnlyList<string>? Guide { get; init; }
    [Id(11)] public IReadOnlyList<ProductCard>? ProductCards { get; init; }
    /// <summary>Staff only.</summary>
    [Id(12)] public IReadOnlyList<BackroomMessage>? Chat { get; init; }
    [Id(13)] public IReadOnlyList<BackroomMessage>? Notes { get; init; }
    [Id(14)] public IReadOnlyDictionary<string, long>? Reactions { get; init; }
    [Id(15)] public long ClockMs { get; init; }
    /// <summary>Tracks published in the session (observers never publish, so none is theirs).</summary>
    [Id(16)] public IReadOnlyList<Live.Media.PublishedTrack> Tracks { get; init; } = [];
    /// <summary>The epoch of the session's media router (0 before media started); a browser on an older one reconnects media.</summary>
    [Id(17)] public long MediaEpoch { get; init; }
    /// <summary>
    /// Staff only: observers present and admitted, listed in <see cref="Roster"/> or not. Null for guests, and then left
    /// out of the JSON, so a guest's page does not even see the word.
    /// </summary>
    [Id(18), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public int? ObserversPresent { get; init; }

    /// <summary>Hosts only: each guest's latest connection check, by participant id (left out of the JSON for everyone else).</summary>
    [Id(21), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, Live.Participants.ConnectionCheck>? ConnectionChecks { get; init; }

    /// <summary>Hosts only: the media path each listed participant present uses now, by participant id (see <see cref="MediaPathNotice"/>).</summary>
    [Id(22), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, Live.Participants.MediaPath>? MediaPaths { get; init; }

    /// <summary>The room's chat between hosts and guests (the latest lines), for everyone admitted, observers included.</summary>
    [Id(23)] public IReadOnlyList<RoomMessage> Messages { get; init; } = [];

    /// <summary>Staff only: which pushed cards a guest opened, and when (left out of the JSON for guests).</summary>
    [Id(24), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CardOpened>? CardsOpened { get; init; }

    /// <summary>Staff only: each guest's customer context from the shop, by participant id (left out of the JSON for guests).</summary>
    [Id(25), System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, CustomerContext>? CustomerContexts { get; init; }

    /// <summary>
    /// The session's event stream and the last event this view already includes (<see cref="SessionEvent.Stream"/>,
    /// <see cref="SessionEvent.Seq"/>): a gateway that resyncs a browser places the view among the events it routes.
    /// Not sent to browsers.
    /// </summary>
    [Id(19), System.Text.Json.Serialization.JsonIgnore] public long EventStream { get; init; }

    /// <inheritdoc cref="EventStream"/>
    [Id(20), System.Text.Json.Serialization.JsonIgnore] public long EventSeq { get; init; }
}
