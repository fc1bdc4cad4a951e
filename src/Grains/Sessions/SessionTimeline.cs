using System.Text.Json;
using System.Text.Json.Serialization;
using Live.Media;
using Live.Sessions;

namespace Live.Grains.Sessions;

/// <summary>
/// Builds a recording's timeline.json (schema in docs/recording.md): tracks and their file segments, pauses, prompts,
/// polls with results, reactions per second and observer notes, all on the session clock, so a player can put a note
/// at the right second of every track.
/// </summary>
public static class SessionTimeline
{
    public const int Version = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Build(string sessionId, SessionState state, RecordingEntry recording, RecordingReport report)
    {
        var from = recording.StartedAtMs;
        var to = recording.StoppedAtMs ?? long.MaxValue;
        bool During(long atMs) => atMs >= from && atMs <= to;
        string NameOf(string id) => state.Participants.TryGetValue(id, out var p) ? p.DisplayName : id;

        var timeline = new
        {
            version = Version,
            sessionId,
            title = state.Title,
            kind = state.Kind,
            liveAtUtc = state.LiveAt,
            recording = new
            {
                recordingId = recording.Id,
                startedAtMs = recording.StartedAtMs,
                stoppedAtMs = recording.StoppedAtMs,
                pauses = Pauses(state.RecordingMarkers, from, to),
            },
            tracks = report.Tracks.Select(t => new
            {
                t.TrackId,
                t.ParticipantId,
                displayName = NameOf(t.ParticipantId),
                role = state.Participants.TryGetValue(t.ParticipantId, out var p) ? p.Role : (Role?)null,
                t.Kind,
                t.Source,
                t.Codec,
                file = string.IsNullOrEmpty(t.File) ? null : t.File,
                startAtMs = t.Segments.Count > 0 ? t.Segments[0].SessionClockStartMs : (long?)null,
                stopAtMs = t.Segments.Count > 0 ? t.Segments[^1].SessionClockStartMs + t.Segments[^1].DurationMs : (long?)null,
                t.Segments,
                t.State,
                failureReason = t.Problem,
                bytes = t.BytesWritten,
                droppedPackets = t.DroppedPackets,
            }),
            prompts = state.PromptHistory.Where(p => During(p.ShownAtMs)).Select(p => new { p.Index, p.Text, p.ShownAtMs }),
            polls = state.Polls.Where(p => During(p.OpenedAtMs) || (p.ClosedAtMs is { } c && During(c))).Select(p => new
            {
                pollId = p.Id,
                p.Question,
                p.Options,
                p.Multiple,
                p.OpenedAtMs,
                p.ClosedAtMs,
                p.RevealedAtMs,
                results = p.Options.Zip(p.Tally(_ => true)).ToDictionary(x => x.First, x => x.Second),
                voters = p.Votes.Count,
            }),
            reactions = state.ReactionSeconds.Where(r => During(r.Key)).OrderBy(r => r.Key)
                .Select(r => new { atMs = r.Key, counts = r.Value }),
            notes = state.Notes.Where(n => During(n.AtMs)).Select(n => new
            {
                n.AtMs,
                n.ParticipantId,
                n.DisplayName,
                n.PromptIndex,
                n.PromptText,
                n.Text,
            }),
        };
        return JsonSerializer.Serialize(timeline, Json);
    }

    /// <summary>Pairs each pause marker with the resume (or stop) that ended it.</summary>
    private static List<object> Pauses(IReadOnlyList<RecordingMarker> markers, long from, long to)
    {
        var pauses = new List<object>();
        long? pausedAt = null;
        foreach (var marker in markers.Where(m => m.AtMs >= from && m.AtMs <= to))
        {
            if (marker.Status == RecordingStatus.Paused) pausedAt = marker.AtMs;
            else if (pausedAt is { } p)
            {
                pauses.Add(new { pausedAtMs = p, resumedAtMs = marker.Status == RecordingStatus.Recording ? marker.AtMs : (long?)null });
                pausedAt = null;
            }
        }
        if (pausedAt is { } open) pauses.Add(new { pausedAtMs = open, resumedAtMs = (long?)null });
        return pauses;
    }
}
