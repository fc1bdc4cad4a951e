// Recordings of a session for its hosts and observers: tracks to play, and the timeline's notes and prompts beside them.
// Clicking a note seeks the playing track to that moment: session-clock time maps to file time through the track's segments.
import { h, $, fill, formatClock, showScreen } from './ui.js';
import { TERMINAL, tokenClaims, reloadOnNewLink } from './session.js';

reloadOnNewLink();

const token = new URLSearchParams(location.hash.slice(1)).get('token');
const claims = token ? tokenClaims(token) : null;
const sessionId = claims?.sid ?? null;
// Fetches carry the token in a header; only a <video>/<audio> source, which cannot, puts it in the query.
const auth = { headers: { Authorization: `Bearer ${token ?? ''}` } };
const q = `access_token=${encodeURIComponent(token ?? '')}`;
let current = null; // { track, timeline, media }

async function load() {
  if (!token) return showScreen($('#main'), { ...TERMINAL['no-token'], code: 'no-token', text: 'Open this page from the host console or the backroom.' });
  if (!sessionId) return showScreen($('#main'), { ...TERMINAL.invalid, code: 'invalid' });
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return showScreen($('#main'), { ...TERMINAL.expired, code: 'expired' });
  const response = await fetch(`/api/sessions/${sessionId}/recordings`, auth);
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    if (response.status === 401) return showScreen($('#main'), { ...TERMINAL.invalid, code: 'invalid' });
    return showScreen($('#main'), { icon: '🔒', status: 'Not available', code: 'forbidden', title: 'Recordings are not available', text: problem.detail ?? 'You cannot see these recordings.' });
  }
  const recordings = await response.json();
  $('#rec-count').textContent = `${recordings.length} recording${recordings.length === 1 ? '' : 's'}`;
  if (!recordings.length) return fill($('#recordings'), h('p', { class: 'empty' }, 'Nothing was recorded in this session.'));
  fill($('#recordings'), await Promise.all(recordings.map(renderRecording)));
}

async function renderRecording(recording) {
  const timeline = recording.hasTimeline
    ? await fetch(`/api/sessions/${sessionId}/recordings/${recording.recordingId}/timeline.json`, auth).then(r => r.json())
    : null;
  if (timeline) $('#title').textContent = `${timeline.title} · Recordings`;
  const tracks = timeline?.tracks ?? recording.tracks?.tracks ?? [];
  return h('div', { class: 'recording' },
    h('h3', {}, timeline ? `From ${formatClock(timeline.recording.startedAtMs)} to ${formatClock(timeline.recording.stoppedAtMs ?? 0)}` : recording.recordingId),
    h('ul', { class: 'list' }, tracks.map(track => h('li', { class: 'row' },
      h('span', {}, `${track.displayName ?? track.participantId} · ${track.source}`),
      h('span', { class: 'spacer' }),
      track.file
        ? h('button', { class: 'btn sm', type: 'button', onclick: () => play(recording, track, timeline) }, track.kind === 'video' ? '▶ Play' : '▶ Listen')
        : h('span', { class: 'small muted' }, track.failureReason ?? track.state)))));
}

function play(recording, track, timeline) {
  const src = `/api/sessions/${sessionId}/recordings/${recording.recordingId}/${encodeURIComponent(track.file)}?${q}`;
  const media = h(track.kind === 'video' ? 'video' : 'audio', { controls: true, src, class: 'recording-media' });
  fill($('#player'), media);
  $('#now-playing').textContent = `${track.displayName ?? ''} · ${track.source}`;
  current = { track, timeline, media };
  renderMoments();
}

function renderMoments() {
  const timeline = current?.timeline;
  if (!timeline) return fill($('#moments'), h('p', { class: 'empty' }, 'No timeline for this recording.'));
  const moments = [
    ...timeline.notes.map(n => ({ atMs: n.atMs, label: n.text, who: n.displayName, kind: 'Note' })),
    ...timeline.prompts.map(p => ({ atMs: p.shownAtMs, label: p.text, who: '', kind: 'Prompt' })),
  ].sort((a, b) => a.atMs - b.atMs);
  fill($('#moments'), moments.length ? moments.map(m => h('button', {
    class: 'moment', type: 'button', onclick: () => seek(m.atMs),
  }, h('span', { class: 'stamp' }, formatClock(m.atMs)), h('span', { class: 'small muted' }, m.kind), h('span', {}, m.label), m.who ? h('span', { class: 'small muted' }, `— ${m.who}`) : null))
    : h('p', { class: 'empty' }, 'No notes or prompts during this recording.'));
}

/** Session clock → this track's file time: inside a segment, its offset; in a pause, the start of the next segment. */
export function fileTimeMs(segments, atMs) {
  for (const s of segments) {
    if (atMs < s.sessionClockStartMs) return s.fileStartMs;
    if (atMs <= s.sessionClockStartMs + s.durationMs) return s.fileStartMs + (atMs - s.sessionClockStartMs);
  }
  const last = segments.at(-1);
  return last ? last.fileStartMs + last.durationMs : 0;
}

function seek(atMs) {
  if (!current) return;
  const seconds = fileTimeMs(current.track.segments ?? [], atMs) / 1000;
  // The player lands on a frame near the asked time, not on it: the page keeps what it asked for.
  current.media.dataset.seekTarget = String(seconds);
  current.media.currentTime = seconds;
  current.media.play().catch(() => {});
}

load();
