using Live.Media;

namespace Live.Grains.Media;

/// <summary>
/// The silo's SFU as the media router grain sees it: one router per session, on this silo. The silo implements it over
/// its SFU; grains never touch packets.
/// </summary>
public interface ISfuRouters
{
    /// <summary>
    /// Answers an offer on the session's router, creating the router and the participant's transport if needed.
    /// <paramref name="hidden"/> (observers): the participant's subscriptions never make a publisher count a keyframe request.
    /// </summary>
    RouterNegotiation Negotiate(string sessionId, string participantId, MediaOffer offer, bool hidden = false);

    /// <summary>
    /// Answers a connection check's offer on the session's probe router: a router of its own on this silo, so the probe
    /// takes the same network path as the session's media but publishes nothing anyone can see. A participant's new
    /// probe replaces their last; an abandoned one goes when its consent expires.
    /// </summary>
    RouterNegotiation Probe(string sessionId, string participantId, MediaOffer offer);

    /// <summary>Closes a participant's transport, producers and consumers; returns the tracks left.</summary>
    IReadOnlyList<PublishedTrack> Leave(string sessionId, string participantId);

    /// <summary>Closes a session's router.</summary>
    void Close(string sessionId);

    /// <summary>The tracks published on a session's router now (transports whose consent expired are gone).</summary>
    IReadOnlyList<PublishedTrack> Tracks(string sessionId);

    /// <summary>How many participants' transports the session's router holds (0 when it has none or does not exist).</summary>
    int TransportCount(string sessionId);

    /// <summary>
    /// Starts, pauses, resumes or stops recording the session's tracks on this silo, following <paramref name="plan"/>:
    /// each track of a recordable participant gets its own file; tracks published later are picked up; a participant
    /// removed from <see cref="RecordingPlan.Recordable"/> stops being recorded. Never throws for I/O: problems are reported per track.
    /// </summary>
    RecordingReport ApplyRecording(string sessionId, RecordingPlan plan);

    /// <summary>The tracks of the session's current (or last) recording, with their state and bytes written.</summary>
    RecordingReport? GetRecording(string sessionId);

    /// <summary>
    /// Completes when every stopped file of the session's recording <paramref name="recordingId"/> has drained its queue
    /// and closed (a stop only asks for that), with the final report; null when this silo has no such recording.
    /// May take as long as a stalled disk: callers await it off any grain turn.
    /// </summary>
    Task<RecordingReport?> RecordingClosedAsync(string sessionId, string recordingId);

    /// <summary>Writes the session timeline (JSON, docs/recording.md) into the recording's folder (blocking file I/O).</summary>
    void WriteTimeline(string sessionId, string recordingId, string timelineJson);
}

/// <summary>The outcome of one negotiation: an answer, or the reason the offer was refused.</summary>
public sealed record RouterNegotiation(string? AnswerSdp, string? Error, IReadOnlyList<PublishedTrack> Tracks);
