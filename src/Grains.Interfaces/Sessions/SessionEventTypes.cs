namespace Live.Sessions;

/// <summary>The names of session events as browsers receive them (see docs/api.md for each payload).</summary>
public static class SessionEventTypes
{
    /// <summary>Phase changed (Everyone): <see cref="SessionSummary"/>.</summary>
    public const string Phase = "phase";
    /// <summary>Changed entries of the roster without observers (Everyone), batched per publishing tick: list of <see cref="RosterEntry"/>; an entry no longer admitted leaves the roster.</summary>
    public const string Roster = "roster";
    /// <summary>Changed entries of the staff roster with lobby and the first <see cref="SessionLimits.ListedObservers"/> observers (Staff), batched per publishing tick: list of <see cref="RosterEntry"/>.</summary>
    public const string StaffRoster = "staffRoster";
    /// <summary>How many observers are present, when that changed (Staff), at most once per publishing tick: <see cref="ObserverCount"/>.</summary>
    public const string Observers = "observers";
    /// <summary>A full <see cref="SessionView"/> for one participant (admission, removal, denial; and from the gateway when events were lost).</summary>
    public const string Snapshot = "snapshot";
    /// <summary>Current prompt (Everyone): <see cref="PromptView"/>.</summary>
    public const string Prompt = "prompt";
    /// <summary>A poll opened, closed or revealed (Everyone, without tallies unless revealed): <see cref="PollView"/>.</summary>
    public const string Poll = "poll";
    /// <summary>Live tallies (Staff), at a bounded rate: <see cref="PollView"/>.</summary>
    public const string Tally = "tally";
    /// <summary>Reaction totals (Staff), at a bounded rate: map of emoji to count.</summary>
    public const string Reactions = "reactions";
    /// <summary>Backroom chat line (Staff): <see cref="BackroomMessage"/>.</summary>
    public const string Chat = "chat";
    /// <summary>A line of the room's chat between hosts and guests (Everyone): <see cref="RoomMessage"/>.</summary>
    public const string Message = "message";
    /// <summary>A guest opened a pushed product card's link, the first time per card (Staff): <see cref="CardOpened"/>.</summary>
    public const string CardOpened = "cardOpened";
    /// <summary>Observer note (Staff): <see cref="BackroomMessage"/>.</summary>
    public const string Note = "note";
    /// <summary>Product card on stage, or null when withdrawn (Everyone): <see cref="ProductCard"/>.</summary>
    public const string Card = "card";
    /// <summary>Recording status (Everyone): <see cref="RecordingView"/>.</summary>
    public const string Recording = "recording";
    /// <summary>Published tracks changed (Everyone): list of <see cref="Live.Media.PublishedTrack"/>; browsers re-offer to subscribe.</summary>
    public const string Tracks = "tracks";
    /// <summary>The media router started (a new epoch) or is going away (Everyone): <see cref="Live.Media.MediaRouterStatus"/>; browsers of an older epoch reconnect media.</summary>
    public const string Media = "media";
    /// <summary>
    /// Tracks that cannot be recorded, whose file failed, or that are degraded because the recording disk is too slow
    /// and packets are being dropped (Hosts): list of sentences.
    /// </summary>
    public const string RecordingProblem = "recordingProblem";
    /// <summary>The stream's heartbeat (Gateways only, never forwarded): no data; lets a gateway notice a lost last event.</summary>
    public const string Heartbeat = "heartbeat";
    /// <summary>The host asks this guest to consent to recording (Participant): no data.</summary>
    public const string ConsentRequested = "consentRequested";

    /// <summary>Hosts: a guest's connection check <c>{participantId, check}</c>.</summary>
    public const string ConnectionCheck = "connectionCheck";

    /// <summary>Staff: a customer's signed context from the shop <c>{participantId, context}</c> (<see cref="CustomerContext"/>).</summary>
    public const string CustomerContext = "customerContext";

    /// <summary>Hosts: the media path a participant's connection takes now <c>{participantId, path}</c> (udp, tcp or relay).</summary>
    public const string MediaPath = "mediaPath";
    /// <summary>Hosts: a new line of the audit trail, <see cref="AuditEntry"/>.</summary>
    public const string Audit = "audit";
}
