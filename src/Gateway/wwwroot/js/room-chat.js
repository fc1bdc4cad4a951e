// The room's text chat between the host and the guests (a link, a spelling), beside the video. Not the backroom:
// observers may read it but never write in it, so nothing a guest sees here depends on whether anyone watches.
// Lines are appended (never re-rendered), so the feed's role="log" reads each new line once to screen readers.
import { h, $, toast, friendlyError, safeUrl } from './ui.js';

const URL_PATTERN = /(https?:\/\/[^\s<>"']+)/g;
// A trailing full stop or bracket after a link is usually the sentence's, not the link's.
const TRAILING = /[.,;:!?)\]]+$/;

/**
 * Wires one chat card.
 * @param {object} session the page's Session
 * @param {object} options
 * @param {HTMLElement} options.card the chat's card (its visibility decides whether a line is "unread")
 * @param {boolean} options.canWrite hosts and guests write; observers only read
 * @param {(s: object) => string} options.emptyText what the empty feed says
 * @param {(s: object) => string} [options.placeholder] the composer's placeholder
 * @returns {{update(s: object): void}}
 */
export function roomChat(session, { card, canWrite, emptyText, placeholder }) {
  const feed = $('.room-feed', card);
  const form = $('.room-composer', card);
  const input = form ? $('textarea, input', form) : null;
  const shown = new Set();
  let unread = 0;
  let rendered = false; // lines there when the page opened are history, not news
  const pill = h('button', { class: 'unread-pill', type: 'button', id: 'chat-unread', hidden: true }, '');
  pill.addEventListener('click', () => { card.scrollIntoView({ block: 'center', behavior: 'smooth' }); input?.focus({ preventScroll: true }); markRead(); });
  document.body.append(pill);

  let newest = null; // the newest line from someone else while it is unread
  // A line is unread while it is off screen: on a phone the chat sits below the prompt, the poll and the card, often
  // with only its heading in view. Scrolling it into view reads it.
  const readIfSeen = () => { if (unread && newest && onScreen(newest)) markRead(); };
  addEventListener('scroll', readIfSeen, { passive: true });
  feed.addEventListener('scroll', readIfSeen, { passive: true });

  function markRead() {
    unread = 0;
    newest = null;
    pill.hidden = true;
    card.querySelector('.new-cue')?.remove();
  }

  function lineOf(m, meId) {
    const mine = m.participantId === meId;
    const at = new Date(m.sentAt);
    const time = Number.isNaN(at.getTime()) ? '' : at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return h('div', { class: `msg room-msg${mine ? ' mine' : ''}`, dataset: { id: m.id, role: m.role } },
      h('div', { class: 'who' }, mine ? 'You' : m.displayName, m.role === 'host' && !mine ? h('span', { class: 'role-tag' }, 'Host') : null,
        h('time', { datetime: m.sentAt ?? '' }, time)),
      h('div', { class: 'text' }, linkified(m.text)));
  }

  function update(s) {
    const messages = s.messages ?? [];
    const atBottom = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 40;
    const first = !rendered;
    rendered = true;
    let fromOthers = 0;
    let last = null;
    for (const m of messages) {
      if (shown.has(m.id)) continue;
      shown.add(m.id);
      feed.querySelector('.empty')?.remove();
      const line = feed.appendChild(lineOf(m, s.me.participantId));
      if (m.participantId !== s.me.participantId) { fromOthers++; last = line; }
    }
    if (!shown.size && !feed.querySelector('.empty')) feed.append(h('p', { class: 'empty' }, emptyText(s)));
    if (atBottom || first) feed.scrollTop = feed.scrollHeight;
    if (input && placeholder) input.placeholder = placeholder(s);
    if (form) form.hidden = !canWrite || s.phase === 'ended';
    // Lines already there when the page opened are not news; a line that arrives while the chat is off screen is.
    if (!first && fromOthers && (unread || !onScreen(last))) {
      unread += fromOthers;
      newest = last;
      pill.textContent = `💬 ${unread} new ${unread === 1 ? 'message' : 'messages'}`;
      pill.hidden = false;
      const head = card.querySelector('.card-head');
      if (head && !head.querySelector('.new-cue')) head.append(h('span', { class: 'badge accent new-cue' }, 'New'));
    }
  }

  if (canWrite && form) {
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      const button = $('button', form);
      button.disabled = true;
      try {
        const message = await session.connection.invoke('SendMessage', text);
        const list = session.state.messages ??= [];
        if (!list.some(m => m.id === message.id)) list.push(message);
        update(session.state);
        input.value = '';
        feed.scrollTop = feed.scrollHeight;
      } catch (error) {
        toast(friendlyError(error), 'error');
      } finally {
        button.disabled = false;
        input.focus();
      }
    });
    input.addEventListener('keydown', e => {
      if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
    });
  }
  return { update };
}

/** Whether the whole of an element is inside the viewport (and the page is being looked at). */
function onScreen(el) {
  if (document.visibilityState !== 'visible') return false;
  const r = el.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
}

/** The text with its http(s) links made clickable; everything else stays text (textContent, never HTML). */
function linkified(text) {
  const parts = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const raw = match[0].replace(TRAILING, '');
    const url = safeUrl(raw);
    if (!url) continue;
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(h('a', { href: url, target: '_blank', rel: 'noopener noreferrer' }, raw));
    last = match.index + raw.length;
  }
  parts.push(text.slice(last));
  return parts;
}
