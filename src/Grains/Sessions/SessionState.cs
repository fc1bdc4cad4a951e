using Live.Sessions;

namespace Live.Grains.Sessions;

/// <summary>The durable truth of one session. Every acknowledged change has been written before the call returns.</summary>
[GenerateSerializer, Alias("Live.SessionState")]
public sealed class SessionState
{
    [Id(0)] public bool Created { get; set; }
    [Id(1)] public string Title { get; set; } = "";
    [Id(2)] public SessionKind Kind { get; set; }
    [Id(3)] public SessionPhase Phase { get; set; }
    [Id(4)] public DateTimeOffset CreatedAt { get; set; }
    [Id(5)] public DateTimeOffset? LiveAt { get; set; }
    [Id(6)] public DateTimeOffset? EndedAt { get; set; }
    [Id(7)] public List<string> Guide { get; set; } = [];
    [Id(8)] public List<ProductCard> ProductCards { get; set; } = [];
    [Id(9)] public Dictionary<string, ParticipantRecord> Participants { get; set; } = [];
    [Id(10)] public PromptView? Prompt { get; set; }
    [Id(11)] public List<PollRecord> Polls { get; set; } = [];
    [Id(12)] public Dictionary<string, long> Reactions { get; set; } = [];
    [Id(13)] public List<BackroomMessage> Chat { get; set; } = [];
    [Id(14)] public List<BackroomMessage> Notes { get; set; } = [];
    [Id(15)] public ProductCard? Card { get; set; }
    [Id(16)] public RecordingStatus Recording { get; set; }
    [Id(17)] public List<RecordingMarker> RecordingMarkers { get; set; } = [];
    /// <summary>
    /// The one counter ids came from before each kind had its own (<see cref="IdCounters"/>); kept so that sessions
    /// created then never reuse an id. New sessions leave it at 0.
    /// </summary>
    [Id(18)] public long NextId { get; set; }
    /// <summary>The last guide prompt shown: an ad-hoc prompt keeps it, so "next" continues the guide. -1 before the first.</summary>
    [Id(19)] public int GuidePlace { get; set; } = -1;
    /// <summary>Tracks published on the session's media router, as it last reported them.</summary>
    [Id(20)] public List<Live.Media.PublishedTrack> Tracks { get; set; } = [];
    /// <summary>Every prompt shown, in order, for the recording timeline.</summary>
    [Id(21)] public List<PromptView> PromptHistory { get; set; } = [];
    /// <summary>Reaction counts per second of the session clock, for the recording timeline.</summary>
    [Id(22)] public Dictionary<long, Dictionary<string, long>> ReactionSeconds { get; set; } = [];
    /// <summary>Every recording of the session (one per start after off or stopped), newest last.</summary>
    [Id(23)] public List<RecordingEntry> Recordings { get; set; } = [];
    /// <summary>
    /// The gateways subscribed to this session's events, so that an activation on another silo (after a crash)
    /// delivers events at once instead of after each gateway's next refresh. Expiry still drops dead gateways.
    /// </summary>
    [Id(24)] public List<ISessionObserver> Gateways { get; set; } = [];
    /// <summary>The epoch of the latest media router activation (0 before the first); see <see cref="Live.Media.MediaRouterStatus"/>.</summary>
    [Id(25)] public long MediaEpoch { get; set; }
    /// <summary>
    /// One counter per kind of id (poll, card, msg, rec), only growing: a guest who sees <c>poll3</c> learns how many
    /// polls there were, never how many backroom messages (they once shared a counter).
    /// </summary>
    [Id(26)] public Dictionary<string, long> IdCounters { get; set; } = [];
    /// <summary>
    /// The newest media router epoch announced to everyone (0 before): an epoch a router started for observers alone
    /// is announced to guests only once a host or guest uses media on it, so their events never show an observer's.
    /// </summary>
    [Id(27)] public long AnnouncedMediaEpoch { get; set; }
    /// <summary>The room's chat between hosts and guests, oldest first (at most <see cref="SessionLimits.MaxRoomMessages"/>).</summary>
    [Id(28)] public List<RoomMessage> Messages { get; set; } = [];
    /// <summary>The first time a guest opened each pushed card's link, by card id.</summary>
    [Id(29)] public Dictionary<string, CardOpened> CardsOpened { get; set; } = [];
    /// <summary>The audit trail, oldest first (at most <see cref="SessionLimits.MaxAuditEntries"/>).</summary>
    [Id(30)] public List<AuditEntry> Audit { get; set; } = [];
    /// <summary>Sequence number of the last audit entry; older entries beyond the cap are gone, their numbers stay taken.</summary>
    [Id(31)] public long AuditSeq { get; set; }
    /// <summary>Invites minted so far (at most <see cref="SessionLimits.MaxInvites"/>).</summary>
    [Id(32)] public int InvitesMinted { get; set; }
    /// <summary>Sequence number of the last webhook event (1, 2, 3… without gaps); see <c>SessionGrain.Webhooks.cs</c>.</summary>
    [Id(33)] public long WebhookSequence { get; set; }
    /// <summary>
    /// Webhook events written with the change that caused them and not yet stored by the session's outbox grain; handed
    /// over on the next tick, and again after a restart (the outbox ignores a sequence number it already has).
    /// </summary>
    [Id(34)] public List<Live.Webhooks.WebhookEvent> WebhookPending { get; set; } = [];
}
