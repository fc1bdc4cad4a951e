using Xunit;
using System.Text.Json;
using Microsoft.Playwright;

namespace Live.Tests.E2E.Media;

/// <summary>One participant's page, with what its RTCPeerConnection reports through getStats (window.liveMedia, see js/media.js).</summary>
public sealed class MediaPage(IPage page, string name, string url = "")
{
    /// <summary>The page script behind <see cref="RemoteStatsAsync"/>, for pages in other browsers too (Firefox).</summary>
    public const string RemoteStatsScript = """
        async () => {
          const m = globalThis.liveMedia;
          if (!m || !m.pc) return [];
          // A receiver can have several inbound-rtp entries over time (SSRC changes): take its busiest one.
          const byTrack = {};
          (await m.pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp') (byTrack[s.trackIdentifier] ??= []).push(s); });
          return [...m.remote.values()].map(r => {
            const s = (byTrack[r.transceiver.receiver.track.id] ?? []).reduce((a, b) => (b.packetsReceived > (a.packetsReceived ?? -1) ? b : a), {});
            return { trackId: r.info.trackId, participantId: r.info.participantId, source: r.info.source, kind: r.info.kind,
                     framesDecoded: s.framesDecoded ?? 0, packetsReceived: s.packetsReceived ?? 0 };
          });
        }
        """;

    public IPage Page { get; } = page;
    public string Name { get; } = name;

    /// <summary>The invite link this page was opened with (pages take the token out of the address bar).</summary>
    public string Url { get; } = url;

    /// <summary>Per subscribed track: its source, kind, owner, decoded frames and received packets.</summary>
    public async Task<IReadOnlyList<RemoteTrackStats>> RemoteStatsAsync()
    {
        var json = await Page.EvaluateAsync<JsonElement>(RemoteStatsScript);
        return json.Deserialize<List<RemoteTrackStats>>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>How many of this page's senders carry a track (observers: none).</summary>
    public Task<int> SendingTracksAsync() =>
        Page.EvaluateAsync<int>("() => globalThis.liveMedia?.pc?.getSenders().filter(s => s.track).length ?? 0");

    /// <summary>
    /// Waits until every expected remote track is flowing: video decoding frames and audio receiving packets, and both
    /// still rising a moment later (so a frozen stream does not pass).
    /// </summary>
    public async Task<IReadOnlyList<RemoteTrackStats>> WaitForFlowingAsync(Func<RemoteTrackStats, bool> expected, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<RemoteTrackStats> first = [];
        while (DateTime.UtcNow < deadline)
        {
            first = (await RemoteStatsAsync()).Where(expected).ToList();
            if (first.Count == count && first.All(t => t.Progress > 0)) break;
            await Task.Delay(250);
        }
        Assert.True(first.Count == count && first.All(t => t.Progress > 0),
            $"{Name}: expected {count} flowing tracks, saw {Describe(first)}");
        // Still moving: each track progresses again within a few seconds (a loaded 2-core machine can pause a page briefly).
        var moving = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        IReadOnlyList<RemoteTrackStats> second;
        do
        {
            await Task.Delay(500);
            second = (await RemoteStatsAsync()).Where(expected).ToList();
        }
        while (DateTime.UtcNow < moving && !first.All(t => second.Any(l => l.TrackId == t.TrackId && l.Progress > t.Progress)));
        foreach (var track in first)
        {
            var later = second.Single(t => t.TrackId == track.TrackId);
            Assert.True(later.Progress > track.Progress, $"{Name}: {track.Source} of {track.ParticipantId} stopped ({track.Progress} → {later.Progress})");
        }
        return second;
    }

    private static string Describe(IEnumerable<RemoteTrackStats> tracks) =>
        string.Join(", ", tracks.Select(t => $"{t.Source}/{t.Kind} frames={t.FramesDecoded} packets={t.PacketsReceived}")) is { Length: > 0 } s ? s : "none";
}

/// <summary>getStats of one subscribed track.</summary>
public sealed record RemoteTrackStats(string TrackId, string ParticipantId, string Source, string Kind, long FramesDecoded, long PacketsReceived)
{
    /// <summary>Decoded frames for video, received packets for audio.</summary>
    public long Progress => Kind == "video" ? FramesDecoded : PacketsReceived;
}
