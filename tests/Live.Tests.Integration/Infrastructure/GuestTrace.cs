using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Live.Tests.Integration.Infrastructure;

/// <summary>
/// What one guest received in one run, normalized so that two runs compare frame by frame: every known random id (the
/// session's, each participant's, tokens) becomes a label named after its owner, values of clock fields (names ending
/// in <c>Ms</c> or <c>At</c>, <c>expires</c>, <c>lastWrite</c>) become <c>&lt;clock&gt;</c>, ProblemDetails trace ids and the
/// random fields of SDP answers (origin, ICE credentials, DTLS fingerprint) become placeholders. SignalR keep-alive
/// pings (<c>{"type":6}</c>) are left out: they follow the wall clock, not the session.
/// </summary>
public sealed partial class GuestTrace(string name)
{
    private readonly List<string> _events = [], _replies = [];

    public string Name { get; } = name;

    /// <summary>The session's events, in arrival order.</summary>
    public IReadOnlyList<string> Events => _events;

    /// <summary>Everything else: the handshake, replies to the guest's own calls, REST answers, a close.</summary>
    public IReadOnlyList<string> Replies => _replies;

    /// <summary>Adds the hub records a guest received, after replacing the ids in <paramref name="labels"/>.</summary>
    public void AddFrames(IEnumerable<string> frames, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var frame in frames)
        {
            if (frame == """{"type":6}""") continue;
            (RawHubClient.EventOf(frame) is null ? _replies : _events).Add(Normalize(frame, labels));
        }
    }

    /// <summary>Adds one REST exchange the guest's token (or no credentials) could make.</summary>
    public void AddRest(string request, int status, string body, IReadOnlyDictionary<string, string> labels) =>
        _replies.Add($"rest {Replace(request, labels)} -> {status} {(body.Length == 0 ? "" : Normalize(body, labels))}");

    private static string Normalize(string json, IReadOnlyDictionary<string, string> labels)
    {
        var replaced = Replace(json, labels);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(replaced);
        }
        catch (JsonException)
        {
            return replaced; // plain text (a health answer): compared as is
        }
        return Scrub(node)?.ToJsonString() ?? "null";
    }

    private static string Replace(string text, IReadOnlyDictionary<string, string> labels)
    {
        // Longest first, so a token is replaced whole before any id inside it.
        foreach (var (value, label) in labels.OrderByDescending(l => l.Key.Length)) text = text.Replace(value, label, StringComparison.Ordinal);
        return text;
    }

    private static JsonNode? Scrub(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (IsClock(key) && obj[key] is JsonValue) obj[key] = "<clock>";
                    else if (key == "traceId") obj[key] = "<trace>";
                    else if (key == "sdp" && obj[key] is JsonValue v && v.TryGetValue<string>(out var sdp)) obj[key] = ScrubSdp(sdp);
                    else obj[key] = Scrub(obj[key]?.DeepClone());
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++) array[i] = Scrub(array[i]?.DeepClone());
                return array;
            default:
                return node;
        }
    }

    private static bool IsClock(string key) =>
        key.EndsWith("Ms", StringComparison.Ordinal) || key.EndsWith("At", StringComparison.Ordinal) || key is "expires" or "lastWrite";

    private static string ScrubSdp(string sdp) => SdpRandom().Replace(sdp, m => m.Groups[1].Value + "<random>");

    [GeneratedRegex(@"^(o=\S+ |a=ice-ufrag:|a=ice-pwd:|a=fingerprint:\S+ )[^\r\n]*", RegexOptions.Multiline)]
    private static partial Regex SdpRandom();

    /// <summary>Fails with the first differing entry of two traces of the same guest, showing both.</summary>
    public static void AssertSame(GuestTrace without, GuestTrace with)
    {
        Assert.NotEmpty(without.Events);
        Compare(with.Name + " events", without.Events, with.Events);
        Compare(with.Name + " replies", without.Replies, with.Replies);
    }

    private static void Compare(string what, IReadOnlyList<string> without, IReadOnlyList<string> with)
    {
        var n = Math.Min(without.Count, with.Count);
        for (var i = 0; i < n; i++)
        {
            if (without[i] != with[i])
                Assert.Fail($"{what}: entry {i} differs with observers.\nwithout: {without[i]}\nwith:    {with[i]}");
        }
        if (without.Count != with.Count)
        {
            var extra = without.Count > n ? without[n] : with[n];
            Assert.Fail($"{what}: {without.Count} entries without observers, {with.Count} with; first extra: {extra}");
        }
    }
}
