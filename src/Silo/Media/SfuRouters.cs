using Live.Grains.Media;
using Live.Media;
using Live.Media.Sfu;
using Live.Sessions;
using System.Collections.Concurrent;
using SfuSegment = Live.Media.Recording.RecordedSegment;
using SfuSource = Live.Media.Sfu.TrackSource;
using TrackSource = Live.Media.TrackSource;

namespace Live.Silo.Media;

/// <summary>
/// The silo's SFU as grains see it: sessions map to routers, product words (tracks) to mediasoup's (producers).
/// Recording plans go to the session's router, which writes the files; the last report of a closed router is kept
/// (a bounded number of sessions) so the control plane can still read how its recording ended.
/// </summary>
public sealed class SfuRouters(SfuServer sfu) : ISfuRouters
{
    /// <summary>Closed sessions whose final recording report is kept.</summary>
    public const int MaxFinishedReports = 1000;

    private readonly ConcurrentDictionary<string, RecordingReport> _finished = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _closing = new(StringComparer.Ordinal);

    public RouterNegotiation Negotiate(string sessionId, string participantId, MediaOffer offer, bool hidden = false)
    {
        var router = sfu.GetOrCreateRouter(sessionId);
        var publish = offer.Publish.ToDictionary(p => p.Key, p => ToSfu(p.Value));
        var result = router.Negotiate(participantId, offer.Sdp, publish, offer.Subscribe, hidden);
        return new RouterNegotiation(result.Succeeded ? result.AnswerSdp : null, result.Error, ToTracks(result.Producers));
    }

    public RouterNegotiation Probe(string sessionId, string participantId, MediaOffer offer)
    {
        var router = sfu.GetOrCreateRouter(ProbeRouterId(sessionId));
        var publish = offer.Publish.ToDictionary(p => p.Key, p => ToSfu(p.Value));
        var result = router.Negotiate(participantId, offer.Sdp, publish, new Dictionary<string, string>());
        return new RouterNegotiation(result.Succeeded ? result.AnswerSdp : null, result.Error, []);
    }

    /// <summary>The probe router of a session: '/' never occurs in a session id, so it cannot name a session's own router.</summary>
    public static string ProbeRouterId(string sessionId) => $"probe/{sessionId}";

    public IReadOnlyList<PublishedTrack> Leave(string sessionId, string participantId)
    {
        if (!sfu.TryGetRouter(sessionId, out var router) || router is null) return [];
        router.CloseParticipant(participantId);
        return ToTracks(router.Producers);
    }

    public void Close(string sessionId)
    {
        sfu.CloseRouter(ProbeRouterId(sessionId));
        if (!sfu.TryGetRouter(sessionId, out var router) || router is null) return;
        sfu.CloseRouter(sessionId);
        if (router.Recording is not { } report) return;
        // Kept at once (tracks still closing) and replaced by the final report when the writers are done.
        var closing = ToReport(report);
        KeepFinished(sessionId, closing);
        var kept = KeepWhenClosedAsync(sessionId, router, closing);
        _closing[sessionId] = kept;
        _ = kept.ContinueWith(t => _closing.TryRemove(new KeyValuePair<string, Task>(sessionId, t)), TaskScheduler.Default);
    }

    public async Task<RecordingReport?> RecordingClosedAsync(string sessionId, string recordingId)
    {
        if (sfu.TryGetRouter(sessionId, out var router) && router is not null && router.Recording?.RecordingId == recordingId)
            return await router.RecordingSettledAsync().ConfigureAwait(false) is { } report ? ToReport(report) : null;
        if (_closing.TryGetValue(sessionId, out var closing)) await closing.ConfigureAwait(false);
        return _finished.TryGetValue(sessionId, out var last) && last.RecordingId == recordingId ? last : null;
    }

    private async Task KeepWhenClosedAsync(string sessionId, Router router, RecordingReport closing)
    {
        if (await router.RecordingSettledAsync().ConfigureAwait(false) is { } report
            && _finished.TryGetValue(sessionId, out var kept) && ReferenceEquals(kept, closing))
            _finished.TryUpdate(sessionId, ToReport(report), kept);
    }

    public IReadOnlyList<PublishedTrack> Tracks(string sessionId) =>
        sfu.TryGetRouter(sessionId, out var router) && router is not null ? ToTracks(router.Producers) : [];

    public int TransportCount(string sessionId) =>
        sfu.TryGetRouter(sessionId, out var router) && router is not null ? router.TransportCount : 0;

    public RecordingReport ApplyRecording(string sessionId, RecordingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var status = plan.Status switch
        {
            RecordingStatus.Recording => SfuRecordingStatus.Recording,
            RecordingStatus.Paused => SfuRecordingStatus.Paused,
            _ => SfuRecordingStatus.Stopped,
        };
        var sfuPlan = new SfuRecordingPlan(plan.RecordingId, status, plan.SessionClockMs, plan.Recordable ?? []);
        Router? router = status == SfuRecordingStatus.Stopped && sfu.TryGetRouter(sessionId, out var existing) ? existing : null;
        if (status == SfuRecordingStatus.Stopped && router is null)
        {
            // The router is gone (its recording was closed with it) or never recorded here.
            return _finished.TryGetValue(sessionId, out var last) && last.RecordingId == plan.RecordingId ? last : new RecordingReport(plan.RecordingId, []);
        }

        _finished.TryRemove(sessionId, out _);
        router ??= sfu.GetOrCreateRouter(sessionId);
        return ToReport(router.ApplyRecording(sfuPlan));
    }

    public RecordingReport? GetRecording(string sessionId) =>
        sfu.TryGetRouter(sessionId, out var router) && router?.Recording is { } report ? ToReport(report)
        : _finished.TryGetValue(sessionId, out var last) ? last
        : null;

    public void WriteTimeline(string sessionId, string recordingId, string timelineJson) =>
        RecordingFiles.WriteTimeline(sfu.Options.RecordingsDirectory, sessionId, recordingId, timelineJson);

    private void KeepFinished(string sessionId, RecordingReport report)
    {
        if (_finished.Count >= MaxFinishedReports && _finished.Keys.FirstOrDefault() is { } evicted) _finished.TryRemove(evicted, out _);
        _finished[sessionId] = report;
    }

    private static RecordingReport ToReport(SessionRecordingReport report) =>
        new(report.RecordingId, report.Tracks.Select(t => new RecordedTrack(
            t.TrackId, t.ParticipantId, FromSfu(t.Source), t.Kind == MediaKind.Audio ? "audio" : "video", t.Codec, t.File, t.State,
            t.Problem, t.BytesWritten, t.Segments.Select(ToSegment).ToList(), t.DroppedPackets)).ToList());

    private static RecordedSegment ToSegment(SfuSegment s) => new(s.FileStartMs, s.SessionClockStartMs, s.DurationMs);

    private static List<PublishedTrack> ToTracks(IReadOnlyList<ProducerInfo> producers) =>
        producers.OrderBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new PublishedTrack(p.Id, p.ParticipantId, FromSfu(p.Source), p.Kind == MediaKind.Audio ? "audio" : "video", p.Generation))
            .ToList();

    private static SfuSource ToSfu(TrackSource source) => source switch
    {
        TrackSource.Camera => SfuSource.Camera,
        TrackSource.Microphone => SfuSource.Microphone,
        TrackSource.Screen => SfuSource.Screen,
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    private static TrackSource FromSfu(SfuSource source) => source switch
    {
        SfuSource.Camera => TrackSource.Camera,
        SfuSource.Microphone => TrackSource.Microphone,
        _ => TrackSource.Screen,
    };
}
