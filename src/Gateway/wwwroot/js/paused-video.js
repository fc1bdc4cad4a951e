// Video the SFU paused because this viewer's connection is too weak for it (docs/design.md, "Audio first"). The SFU
// sends no signal for it; the page sees it in its own statistics: a participant's video packets stop arriving while
// that participant's audio keeps arriving on a connected link. A camera turned off is not that: disabled tracks keep
// sending black frames in this app, so its packets go on; a participant who left has no tracks to watch; a connection
// that stalls stops the audio too.

/** Video silent this long, with the same participant's audio arriving, counts as paused (the stats are read each second). */
const PAUSED_AFTER_MS = 2500;

/** A video that never arrived gets longer: an observer's first keyframe comes with the SFU's 2 s cadence, after setup. */
const FIRST_FRAME_GRACE_MS = 6000;

/** Video must arrive this long again before the badge goes: a trial resumption that fails lasts about a second. */
const RESUMED_AFTER_MS = 2500;

export class PausedVideo {
  #watched = new Map(); // video track id → { videoPackets, audioPackets, videoSilentSince, audioMovedAt, flowingSince, paused }

  /**
   * Reads one getStats report of a connected peer connection. `remotes` are the room's subscriptions
   * ({ info: { participantId, source }, transceiver }). Returns whether a video's paused state changed.
   */
  sample(report, remotes, now = performance.now()) {
    const packets = new Map(); // receiver track id → packetsReceived
    report.forEach(s => {
      if (s.type === 'inbound-rtp' && s.trackIdentifier) packets.set(s.trackIdentifier, s.packetsReceived ?? 0);
    });
    const list = [...remotes];
    const audioOf = new Map(list.filter(r => r.info.source === 'microphone')
      .map(r => [r.info.participantId, packets.get(r.transceiver.receiver.track.id)]));
    let changed = false;
    const seen = new Set();
    for (const r of list) {
      if (r.info.source !== 'camera' && r.info.source !== 'screen') continue;
      const id = r.transceiver.receiver.track.id;
      seen.add(id);
      const video = packets.get(id) ?? 0;
      const audio = audioOf.get(r.info.participantId);
      const w = this.#watched.get(id);
      if (!w) {
        this.#watched.set(id, { videoPackets: video, audioPackets: audio, videoSilentSince: now, audioMovedAt: -Infinity, flowingSince: null, paused: false, participantId: r.info.participantId, source: r.info.source });
        continue;
      }
      if (audio !== undefined && w.audioPackets !== undefined && audio > w.audioPackets) w.audioMovedAt = now;
      w.audioPackets = audio;
      if (video > w.videoPackets) {
        w.videoPackets = video;
        w.videoSilentSince = null;
        w.flowingSince ??= now;
      } else {
        w.videoSilentSince ??= now;
        w.flowingSince = null;
      }
      // The badge comes when the video has been quiet a while and the same participant's audio arrived since, and
      // lately (the link is up, only the video is held back); it goes when the video flowed a while again, or when the
      // audio stopped too (a stalled connection, which the page handles on its own).
      const audioRecent = now - w.audioMovedAt < PAUSED_AFTER_MS;
      const quietFor = w.videoSilentSince === null ? 0 : now - w.videoSilentSince;
      const quietLong = quietFor >= (w.videoPackets > 0 ? PAUSED_AFTER_MS : FIRST_FRAME_GRACE_MS) && w.audioMovedAt > w.videoSilentSince;
      const videoBack = w.flowingSince !== null && now - w.flowingSince >= RESUMED_AFTER_MS;
      const paused = w.paused ? audioRecent && !videoBack : quietLong && audioRecent;
      if (paused !== w.paused) { w.paused = paused; changed = true; }
    }
    for (const id of this.#watched.keys()) {
      if (!seen.has(id)) { changed ||= this.#watched.get(id).paused; this.#watched.delete(id); }
    }
    return changed;
  }

  /** Whether the video of `source` ('camera' or 'screen') from `participantId` is paused for this viewer's connection. */
  isPaused(participantId, source) {
    for (const w of this.#watched.values()) if (w.participantId === participantId && w.source === source && w.paused) return true;
    return false;
  }

}

/** Shows or removes the "Video paused: weak connection" badge of a tile. */
export function markPaused(tile, paused) {
  let badge = tile.querySelector(':scope > .tile-paused');
  if (!paused) { badge?.remove(); return; }
  badge ??= Object.assign(document.createElement('span'), { className: 'badge warn tile-paused', textContent: 'Video paused: weak connection' });
  // Right after the video, never last: screen tiles keep their name in their last child.
  if (!badge.isConnected) tile.insertBefore(badge, tile.querySelector(':scope > video')?.nextSibling ?? tile.firstChild);
}
