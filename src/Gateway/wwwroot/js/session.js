// One participant's live connection to /hubs/session, and the session state it keeps from the hub's events.
// The page gives a render function; every event updates `state` (a SessionView plus a local clock) and calls it.
import { h, toast, friendlyError, formatClock } from './ui.js';

const signalR = globalThis.signalR;

/** The join token from the URL fragment (#token=...). */
export function tokenFromHash() {
  return new URLSearchParams(location.hash.slice(1)).get('token');
}

export const isStaffRole = role => role === 'host' || role === 'observer';

/** The claims of a join token (a JWT), read without checking it (the server does): null when it is not one. */
export function tokenClaims(token) {
  try {
    const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return claims && typeof claims === 'object' ? claims : null;
  } catch { return null; }
}

/** The page each role's link opens. */
export const pageForRole = role => ({ host: 'host.html', observer: 'backroom.html', respondent: 'join.html', customer: 'join.html' })[String(role).toLowerCase()];

/**
 * A pasted link that changes only the fragment (#token=…, #key=…) does not load the page again by itself: load it, so
 * the new link takes effect. Call once per page.
 */
export function reloadOnNewLink() {
  addEventListener('hashchange', () => location.reload());
}

export class Session {
  /**
   * @param {object} options
   * @param {(state: object, change: string, data: any) => void} options.render called after every change
   * @param {(refusal: {code: string, message: string}) => void} options.onRefused the connection was refused and closed
   * @param {(type: string, data: any) => void} [options.onEvent] raw events, after the state is updated
   * @param {HTMLElement} [options.connectionBadge] element that shows "Connected" / "Reconnecting…"
   * @param {() => void} [options.onReconnected] the hub connection came back (media restarts ICE)
   */
  constructor({ render, onRefused, onEvent, connectionBadge, onReconnected }) {
    this.state = null;
    this.render = render;
    this.onRefused = onRefused;
    this.onEvent = onEvent ?? (() => {});
    this.onReconnected = onReconnected ?? (() => {});
    this.badge = connectionBadge;
    this.refused = false;
    this.token = tokenFromHash();
    reloadOnNewLink();
  }

  get isStaff() { return isStaffRole(this.state?.me?.role); }

  async start() {
    if (!this.token) return this.stop('no-token');
    const claims = tokenClaims(this.token);
    if (!claims?.sid || !pageForRole(claims.role)) return this.stop('invalid');
    if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) return this.stop('expired');
    // A link opened on another role's page (a respondent's token on host.html) goes to its own page.
    const page = location.pathname.split('/').pop() || 'index.html';
    if (page !== pageForRole(claims.role)) { location.replace(`${pageForRole(claims.role)}${location.search}${location.hash}`); return; }
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/session', { accessTokenFactory: () => this.token })
      // Keep trying (1 s, 2 s, 4 s … 30 s): a gateway restart should not need a page reload.
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: ctx => Math.min(30_000, 1000 * 2 ** Math.min(ctx.previousRetryCount, 5)) })
      .configureLogging(signalR.LogLevel.Warning)
      .build();
    this.connection.on('Event', (type, data) => this.#apply(type, data));
    this.connection.onreconnecting(() => this.#setConnection('Reconnecting…', ''));
    this.connection.onreconnected(() => { this.#setConnection('Connected', 'ok'); this.onReconnected(); });
    this.connection.onclose(() => {
      if (!this.refused) this.#setConnection('Connection lost · reload the page', 'bad');
      this.#markClosed();
    });
    this.#setConnection('Connecting…', '');
    try {
      await this.connection.start();
      if (!this.refused) this.#setConnection('Connected', 'ok');
    } catch (error) {
      if (this.refused) return;
      this.stop(/401|Unauthorized/i.test(String(error?.message)) ? 'invalid' : 'unreachable');
    }
  }

  /**
   * Stops for good with one of the terminal statuses (see TERMINAL): closes the connection, shows the status in the
   * connection badge and hands the page its screen. Nothing after this says "reconnecting" or "connecting".
   */
  stop(status, message) {
    if (this.stopped) return;
    this.stopped = true;
    this.refused = true;
    // Closed once stop() settles (a connection still starting fires no close event), or from onclose if sooner.
    Promise.resolve(this.connection?.stop()).catch(() => {}).finally(() => this.#markClosed());
    const screen = terminalScreen(status, message);
    this.#setConnection(screen.status, 'done');
    this.onRefused(screen);
  }

  /** Calls a hub method; a refusal ("code: sentence") is shown as a toast and rethrown. */
  async invoke(method, ...args) {
    try {
      return await this.connection.invoke(method, ...args);
    } catch (error) {
      toast(friendlyError(error), 'error');
      throw error;
    }
  }

  /** Milliseconds on the session clock, now (0 before the session goes live). */
  clockMs() {
    const s = this.state;
    if (!s || s.phase === 'scheduled' || s.clockOrigin === undefined) return 0;
    if (s.phase === 'ended' && s.endedClockMs !== undefined) return s.endedClockMs;
    return performance.now() - s.clockOrigin;
  }

  clockText() { return formatClock(this.clockMs()); }

  /** The hub connection is gone for good (data-hub="closed" on <html>): nothing after this can change the badge. */
  #markClosed() {
    document.documentElement.dataset.hub = 'closed';
  }

  #setConnection(text, kind) {
    if (!this.badge) return;
    this.badge.textContent = text;
    this.badge.className = `conn ${kind}`;
    this.badge.hidden = kind === 'ok';
    this.badge.dataset.status = kind;
  }

  #apply(type, data) {
    if (type === 'refused') {
      const code = data?.code;
      const message = data?.message ?? '';
      this.stop(code === 'wrong-phase' && /ended/i.test(message) ? 'ended'
        : code === 'not-admitted' ? (/removed|no longer/i.test(message) ? 'removed' : 'denied')
          : 'refused', message);
      return;
    }
    const s = this.state;
    if (type === 'snapshot') {
      this.state = { ...data, polls: data.polls ?? [], roster: data.roster ?? [], chat: data.chat ?? [], notes: data.notes ?? [], messages: data.messages ?? [], tracks: data.tracks ?? [] };
      this.state.clockOrigin = performance.now() - (data.clockMs ?? 0);
      if (data.phase === 'ended') this.state.endedClockMs = data.clockMs;
    } else if (!s) {
      return; // events before the first snapshot are covered by it
    } else {
      switch (type) {
        case 'phase':
          if (s.phase === 'scheduled' && data.phase === 'live') s.clockOrigin = performance.now();
          if (data.phase === 'ended') s.endedClockMs = this.clockMs();
          s.phase = data.phase;
          break;
        case 'roster':
          // Staff get the fuller staffRoster; the public one is a subset of it.
          if (!this.isStaff) { mergeRoster(s.roster, data, ['admitted']); this.#refreshMe(data); }
          break;
        case 'staffRoster':
          if (this.isStaff) { mergeRoster(s.roster, data, ['admitted', 'waiting']); this.#refreshMe(data); }
          break;
        case 'observers':
          // Staff only: beyond the first 100 observers are a count, not roster entries.
          if (this.isStaff) s.observersPresent = data?.present ?? 0;
          break;
        case 'prompt': s.prompt = data; break;
        case 'poll': this.#mergePoll(data, false); break;
        case 'tally': this.#mergePoll(data, true); break;
        case 'reactions': s.reactions = data; break;
        case 'chat': addOnce(s.chat, data); break;
        case 'note': addOnce(s.notes, data); break;
        case 'message': addOnce(s.messages, data); break;
        case 'cardOpened': // staff only: the first time the customer opened a card's link
          s.cardsOpened = [...(s.cardsOpened ?? []).filter(o => o.cardId !== data.cardId), data];
          break;
        case 'card': s.card = data; break;
        case 'recording': s.recording = data; break;
        case 'tracks': s.tracks = data ?? []; break;
        case 'connectionCheck': (s.connectionChecks ??= {})[data.participantId] = data.check; break; // hosts only
        case 'customerContext': (s.customerContexts ??= {})[data.participantId] = data.context; break; // staff only
        case 'mediaPath': (s.mediaPaths ??= {})[data.participantId] = data.path; break; // hosts only
        case 'media': s.media = data; s.mediaEpoch = Math.max(s.mediaEpoch ?? 0, data?.epoch ?? 0); break;
        default: break;
      }
    }
    this.render(this.state, type, data);
    this.onEvent(type, data);
  }

  /** Keeps what the event leaves out: my own choice always, and staff tallies when a guest-safe poll event has none. */
  #mergePoll(poll, isTally) {
    const polls = this.state.polls;
    const i = polls.findIndex(p => p.id === poll.id);
    const old = i >= 0 ? polls[i] : null;
    const merged = { ...poll, myChoice: poll.myChoice ?? old?.myChoice ?? null };
    if (!isTally && this.isStaff && old) {
      merged.tally = poll.tally ?? old.tally;
      merged.voters = Math.max(poll.voters ?? 0, old.voters ?? 0);
      merged.observersMayVote = old.observersMayVote;
    }
    if (i >= 0) polls[i] = merged; else polls.push(merged);
  }

  /** Records a poll as returned by a hub call (e.g. Vote's myChoice) and re-renders. */
  updatePoll(poll) {
    this.#mergePoll(poll, this.isStaff);
    this.render(this.state, 'poll', poll);
  }

  #refreshMe(roster) {
    const mine = roster.find(p => p.participantId === this.state.me.participantId);
    if (mine) this.state.me = mine;
  }
}

/** Roster events carry only changed entries: replace by id, append new ones, drop those no longer listed. */
function mergeRoster(roster, changes, kept) {
  for (const entry of changes) {
    const i = roster.findIndex(p => p.participantId === entry.participantId);
    if (!kept.includes(entry.admission)) { if (i >= 0) roster.splice(i, 1); }
    else if (i >= 0) roster[i] = entry;
    else roster.push(entry);
  }
}

function addOnce(list, message) {
  if (!list.some(m => m.id === message.id)) list.push(message);
}

/**
 * The one vocabulary of a page that has stopped: the word its badge shows, and its screen. Every page uses it, so an
 * ended, denied, removed, invalid or expired link reads the same everywhere.
 */
export const TERMINAL = {
  ended: { status: 'Session ended', icon: '🏁', title: 'This session has ended', text: 'Thank you for taking part. You can close this page.' },
  denied: { status: 'Not admitted', icon: '🚪', title: 'The host did not let you in', text: 'If you think this is a mistake, contact the person who invited you.' },
  removed: { status: 'Removed', icon: '🚪', title: 'You were removed from this session', text: 'The host removed you. If you think this is a mistake, contact the person who invited you.' },
  invalid: { status: 'Link not valid', icon: '🔗', title: 'This link does not work', text: 'Check that you opened the whole link, or ask the host for a new one.' },
  expired: { status: 'Link expired', icon: '⌛', title: 'This link has expired', text: 'Ask the host for a new link.' },
  'no-token': { status: 'Link needed', icon: '🔗', title: 'A join link is needed', text: 'Open the link you were sent (it ends with #token=…).' },
  unreachable: { status: 'Offline', icon: '📡', title: 'Cannot reach Live', text: 'Check your connection, then reload the page.' },
  refused: { status: 'Not in the session', icon: '⚠️', title: 'You cannot join right now', text: 'The session refused this connection.' },
};

/** The screen for a terminal status; a server's sentence, when there is one, replaces the generic text. */
export function terminalScreen(status, message) {
  const entry = TERMINAL[status] ?? TERMINAL.refused;
  return { code: TERMINAL[status] ? status : 'refused', ...entry, text: status === 'refused' && message ? message : entry.text };
}

/** Shows a stopped connection's reason in place of the page (kept for pages that pass a screen through). */
export function refusalScreen(screen) {
  return screen?.status ? screen : terminalScreen(screen?.code, screen?.message);
}

export { h };
