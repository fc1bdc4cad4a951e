// The host console's Activity panel: the session's audit trail (who admitted, invited, recorded, downloaded, ended),
// newest first. Read once from GET /api/sessions/{id}/audit with the host's token, then kept current by `audit` events.
import { h, fill, formatClock, roleLabel } from './ui.js';

const Shown = 50; // the panel is a glance; the full trail is the REST call

/** @param {import('./session.js').Session} session @param {HTMLElement} list */
export function activityPanel(session, list) {
  const entries = new Map(); // by seq: a reload after a reconnect and the events it overlaps merge

  async function load() {
    try {
      const response = await fetch(`/api/sessions/${encodeURIComponent(session.state.sessionId)}/audit?max=1000`, {
        headers: { Authorization: `Bearer ${session.token}` },
      });
      if (!response.ok) return render(`The activity could not be loaded (${response.status}).`);
      for (const entry of await response.json()) entries.set(entry.seq, entry);
      render();
    } catch {
      render('The activity could not be loaded; it will fill in as things happen.');
    }
  }

  function add(entry) {
    entries.set(entry.seq, entry);
    render();
  }

  function render(problem) {
    const newest = [...entries.values()].sort((a, b) => b.seq - a.seq).slice(0, Shown);
    fill(list, problem ? h('li', { class: 'empty' }, problem) : null, ...(newest.length
      ? newest.map(e => h('li', { class: 'activity-item', dataset: { action: e.action } },
        h('span', { class: 'stamp', title: new Date(e.at).toLocaleString() }, e.atMs == null ? clockTime(e.at) : formatClock(e.atMs)),
        h('span', { class: 'text' }, sentence(e))))
      : problem ? [] : [h('li', { class: 'empty' }, 'Nothing yet. Admissions, invites, recording and downloads show here.')]));
  }

  return { load, add };
}

function clockTime(at) {
  return new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** One line in words: "Hana admitted Riley", "API key ended the session". */
export function sentence(e) {
  const who = e.actorName;
  const whom = e.subjectName ?? '';
  switch (e.action) {
    case 'admitted': return `${who} admitted ${whom}`;
    case 'denied': return `${who} turned ${whom} away`;
    case 'removed': return `${who} removed ${whom}`;
    case 'inviteMinted': return `${who} invited ${whom} (${String(roleLabel(e.subjectRole) ?? '').toLowerCase()})`;
    case 'recordingStarted': return `${who} started recording`;
    case 'recordingPaused': return `${who} paused the recording`;
    case 'recordingResumed': return `${who} resumed the recording`;
    case 'recordingStopped': return `${who} stopped the recording`;
    case 'recordingDownloaded': return `${who} downloaded ${e.detail}`;
    case 'sessionEnded': return `${who} ended the session`;
    default: return `${who}: ${e.action}`;
  }
}
