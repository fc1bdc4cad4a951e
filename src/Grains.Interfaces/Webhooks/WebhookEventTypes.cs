namespace Live.Webhooks;

/// <summary>
/// The event types a webhook endpoint can receive (the <c>type</c> field of a delivery and of an endpoint's filter).
/// Names are <c>noun.past-tense</c>, lower case, stable across releases.
/// </summary>
public static class WebhookEventTypes
{
    public const string SessionLive = "session.live";
    public const string SessionEnded = "session.ended";
    public const string ParticipantAdmitted = "participant.admitted";
    public const string ParticipantJoined = "participant.joined";
    public const string ParticipantLeft = "participant.left";
    public const string RecordingReady = "recording.ready";
    public const string PollClosed = "poll.closed";

    // Reserved for features the session flow does not have yet; an endpoint may already filter on them.
    public const string ClipReady = "clip.ready";
    public const string ExportReady = "export.ready";
    public const string DeskQueueChanged = "desk.queue.changed";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        SessionLive, SessionEnded, ParticipantAdmitted, ParticipantJoined, ParticipantLeft, RecordingReady, PollClosed,
        ClipReady, ExportReady, DeskQueueChanged,
    };
}
