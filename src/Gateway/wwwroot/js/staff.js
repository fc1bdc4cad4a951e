// Pieces the host console and the observer backroom share: the staff roster, reaction totals and the backroom feeds.
import { checkSummary, checkIsWeak } from './check.js';
import { h, fill, initials, roleLabel, formatClock, onClick, safeUrl } from './ui.js';

const consentBadge = {
  asked: ['Consent asked', 'warn'],
  given: ['Consents', 'ok'],
  declined: ['Declined recording', 'danger'],
};

const plural = (n, one, many) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The people header: who is on stage or waiting, and how many observers watch (a count: the roster lists only the first 100). */
export function peopleSummary(s) {
  const waiting = s.roster.filter(p => p.admission === 'waiting').length;
  const onStage = s.roster.filter(p => p.admission === 'admitted' && p.role !== 'observer').length;
  const watching = s.observersPresent ?? 0;
  return [waiting ? `${waiting} waiting` : `${onStage} in session`, watching ? plural(watching, 'observer watching', 'observers watching') : null]
    .filter(Boolean).join(' · ');
}

/**
 * The roster as staff see it: the lobby (waiting guests), then everyone admitted, grouped.
 * `actions(entry)` returns buttons for an entry (host console) or nothing (backroom).
 * `observersPresent` is the count of observers watching; past the first 100 they are not listed, so the group says so.
 * `checks` (hosts only) maps a guest's id to their connection check, shown beside them: "relay · 310 ms · 0 % loss".
 * `paths` (hosts only) maps a participant's id to the path their media takes now: udp, tcp or relay.
 * `contexts` (staff only) maps a guest's id to the customer context their shop signed: who they are, their cart, where from.
 */
export function renderStaffRoster(container, roster, meId, actions = () => [], observersPresent = 0, checks = null, paths = null, contexts = null) {
  const waiting = roster.filter(p => p.admission === 'waiting');
  const admitted = roster.filter(p => p.admission === 'admitted');
  const listedObservers = admitted.filter(p => p.role === 'observer');
  const groups = [
    ['Hosts', admitted.filter(p => p.role === 'host')],
    ['Guests', admitted.filter(p => p.role === 'respondent' || p.role === 'customer')],
    ['Observers (hidden from guests)', listedObservers],
  ];
  const unlisted = Math.max(0, observersPresent - listedObservers.filter(p => p.present).length);
  const person = p => h('li', { dataset: { pid: p.participantId, role: p.role }, class: contexts?.[p.participantId] ? 'has-context' : null },
    h('span', { class: `avatar ${p.role}` }, initials(p.displayName)),
    h('div', { class: 'grow' },
      h('div', { class: 'name' }, p.displayName, p.participantId === meId ? ' (you)' : ''),
      h('div', { class: 'meta row' },
        h('span', { class: `presence${p.present ? ' on' : ''}`, title: p.present ? 'Online' : 'Offline' }),
        p.present ? 'Online' : 'Offline',
        consentBadge[p.consent] ? h('span', { class: `badge ${consentBadge[p.consent][1]}` }, consentBadge[p.consent][0]) : null,
        p.present && paths?.[p.participantId] ? mediaPath(paths[p.participantId]) : null),
      checks?.[p.participantId] ? connectionCheck(checks[p.participantId]) : null),
    ...actions(p),
    // On its own line under the person and their buttons: the people panel is too narrow to share a row with them.
    contexts?.[p.participantId] ? customerContext(contexts[p.participantId]) : null);

  fill(container,
    waiting.length ? h('div', { class: 'lobby', id: 'lobby' },
      h('div', { class: 'subhead' }, `Lobby · ${waiting.length} waiting`),
      h('ul', { class: 'list' }, waiting.map(person))) : null,
    groups.filter(([, people]) => people.length).map(([title, people]) => [
      h('div', { class: 'subhead' }, `${title} · ${people.length}`),
      h('ul', { class: 'list' }, people.map(person)),
    ]),
    unlisted ? h('p', { class: 'empty', id: 'unlisted-observers' },
      `${listedObservers.length ? 'And ' : ''}${plural(unlisted, 'more observer', 'more observers')} watching, not listed by name.`) : null);
}

const PATH_WORDS = {
  udp: 'Media over UDP, straight to the server (the best path).',
  tcp: 'Media over TCP: UDP is blocked on their network; it works, with more delay when packets are lost.',
  relay: 'Media through the TURN relay: their network allows nothing direct; it works, with the relay’s extra delay.',
};

/** The path a participant's media takes now, as a small badge; the title says what it means. */
function mediaPath(path) {
  return h('span', { class: `badge media-path ${path}`, dataset: { path }, title: PATH_WORDS[path] ?? '' }, path);
}

/** A guest's connection check for the host: path, round trip and loss, flagged when weak; the title spells it out. */
function connectionCheck(check) {
  const weak = checkIsWeak(check);
  const devices = [check.camera !== 'ok' ? `camera ${check.camera}` : null, check.microphone !== 'ok' ? `microphone ${check.microphone}` : null].filter(Boolean);
  const parts = [checkSummary(check), ...devices];
  return h('div', {
    class: `meta conn-check${check.path === 'failed' ? ' failed' : weak ? ' weak' : ''}`, dataset: { check: check.path },
    title: `Connection check before the lobby: ${parts.join(' · ')}`,
  }, h('span', { class: 'conn-check-label' }, weak ? '⚠ Connection' : 'Connection'), ' ', h('span', { class: 'conn-check-value' }, parts.join(' · ')));
}

/** "€1,234.50", in the page's locale; a plain number when the shop named no currency (or one the browser does not know). */
function cartValue(value, currency) {
  try {
    if (currency) return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value);
  } catch { /* an unknown code: the number, then the code */ }
  return `${value.toLocaleString(undefined, { maximumFractionDigits: 2 })}${currency ? ` ${currency}` : ''}`;
}

/**
 * A guest's customer context, from the shop's signed link: each value as text (a page becomes a link only when it is
 * http or https). Nothing here is markup: the shop's note is whatever someone typed.
 */
function customerContext(c) {
  const page = c.page && /^https?:\/\//i.test(c.page) ? safeUrl(c.page) : null;
  const rows = [
    ['Name', c.name],
    ['Company', c.company],
    ['CRM', c.crmId],
    ['Cart', c.cartValue != null ? cartValue(c.cartValue, c.currency) : null],
    ['From', c.page ? (page ? h('a', { href: page, target: '_blank', rel: 'noopener noreferrer' }, c.page) : c.page) : null],
    ['Note', c.note],
  ].filter(([, value]) => value != null && value !== '');
  return h('dl', { class: 'meta customer-context', title: 'From the shop; the customer does not see this' },
    rows.map(([label, value]) => [h('dt', {}, label), h('dd', { dataset: { field: label.toLowerCase() } }, value)]));
}

export function renderReactions(container, reactions) {
  const entries = Object.entries(reactions ?? {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  fill(container, entries.length
    ? h('div', { class: 'totals' }, entries.map(([emoji, n]) => h('span', { class: 'total', dataset: { emoji } }, h('span', { class: 'emoji' }, emoji), String(n))))
    : h('p', { class: 'empty' }, 'No reactions yet.'));
}

function stayScrolled(feed, build) {
  const atBottom = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 40;
  build();
  if (atBottom) feed.scrollTop = feed.scrollHeight;
}

export function renderChat(feed, chat, meId) {
  stayScrolled(feed, () => fill(feed, chat.length
    ? chat.map(m => h('div', { class: `msg${m.participantId === meId ? ' mine' : ''}`, dataset: { id: m.id } },
      h('div', { class: 'who' }, m.displayName, h('time', {}, formatClock(m.atMs))),
      h('div', { class: 'text' }, m.text)))
    : h('p', { class: 'empty' }, 'No messages yet. Guests never see this chat.')));
}

export function renderNotes(feed, notes) {
  stayScrolled(feed, () => fill(feed, notes.length
    ? notes.map(n => h('div', { class: 'note', dataset: { id: n.id } },
      h('div', {},
        h('span', { class: 'stamp' }, formatClock(n.atMs)),
        n.promptText ? h('span', { class: 'ctx' }, `during “${n.promptText}”`) : null),
      h('div', { class: 'text' }, n.text),
      h('div', { class: 'who' }, `— ${n.displayName}`)))
    : h('p', { class: 'empty' }, 'No notes yet. Notes are stamped with the session clock and the prompt on screen.')));
}

/** Wires the Chat / Notes tabs of a backroom card. */
export function wireTabs(root) {
  const tabs = [...root.querySelectorAll('[role=tab]')];
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      for (const t of tabs) {
        const selected = t === tab;
        t.setAttribute('aria-selected', String(selected));
        document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
      }
    });
  }
}

/** A composer (input + button) that sends through `send(text)` and clears itself when it worked. */
export function wireComposer(form, send) {
  const input = form.querySelector('input, textarea');
  const button = form.querySelector('button');
  form.addEventListener('submit', e => e.preventDefault());
  onClick(button, async () => {
    const text = input.value.trim();
    if (!text) return;
    await send(text);
    input.value = '';
    input.focus();
  });
  input.addEventListener('keydown', e => {
    if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); button.click(); }
  });
}

export { roleLabel };
