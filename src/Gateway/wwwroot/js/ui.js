// Small DOM helpers shared by every page. User text only ever goes through textContent (never innerHTML).

/** Builds an element: h('div', {class: 'x', onclick: f}, 'text', child). Strings become text nodes. */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    // Through the CSSOM: the Content-Security-Policy refuses style attributes (no 'unsafe-inline').
    else if (key === 'style') el.style.cssText = value;
    else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/** Says something to screen readers through the page's polite live region (#announcer). */
export function announce(text) {
  const region = document.getElementById('announcer');
  if (!region) return;
  // Clearing first makes a repeat of the same sentence be read again.
  region.textContent = '';
  requestAnimationFrame(() => { region.textContent = text; });
}

/** Draws the eye to a card that just changed: a short highlight and a "New" tag, and scrolls it into view. */
export function cue(card, label) {
  card.classList.remove('arrived');
  void card.offsetWidth; // restart the animation
  card.classList.add('arrived');
  const head = card.querySelector('.card-head');
  if (head && !head.querySelector('.new-cue')) head.append(h('span', { class: 'badge accent new-cue' }, label));
  card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

let toasts;
/** A short message at the bottom of the screen. */
export function toast(message, kind = '') {
  toasts ??= document.body.appendChild(h('div', { class: 'toasts', role: 'status', 'aria-live': 'polite' }));
  const el = toasts.appendChild(h('div', { class: `toast ${kind}` }, message));
  setTimeout(() => el.remove(), kind === 'error' ? 6000 : 3000);
}

/** The sentence of a hub or HTTP error, without the machine code ("code: sentence" → "sentence"). */
export function friendlyError(error) {
  let text = String(error?.message ?? error ?? 'Something went wrong.');
  text = text.replace(/^An unexpected error occurred invoking '[^']*' on the server\.\s*/, '');
  text = text.replace(/^(HubException|Error):\s*/, '');
  const m = /^([a-z][a-z-]*): (.+)$/s.exec(text);
  return m ? m[2] : text || 'Something went wrong.';
}

/** Runs an async action for a button: disables it meanwhile; errors were already shown by whoever raised them. */
export function onClick(button, action) {
  button.addEventListener('click', async event => {
    event.preventDefault();
    if (button.disabled) return;
    button.disabled = true;
    try { await action(event); } catch { /* shown as a toast */ } finally { button.disabled = false; }
  });
  return button;
}

/** A button that copies text to the clipboard. */
export function copyButton(text, label = 'Copy') {
  const button = h('button', { class: 'btn sm', type: 'button' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.body.appendChild(h('textarea', { value: text }));
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = label; }, 1500);
  });
  return button;
}

/** A read-only link with a copy button. */
export function linkBox(url) {
  return h('div', { class: 'link-box' }, h('code', { title: url }, url), copyButton(url));
}

export function initials(name) {
  const words = String(name ?? '').replace(/\(.*?\)/g, '').trim().split(/\s+/).filter(Boolean);
  return ((words[0]?.[0] ?? '?') + (words.length > 1 ? words[words.length - 1][0] : '')).toUpperCase();
}

/** mm:ss (or h:mm:ss) on the session clock. */
export function formatClock(ms) {
  const total = Math.max(0, Math.floor((ms ?? 0) / 1000));
  const h = Math.floor(total / 3600), m = Math.floor(total / 60) % 60, s = total % 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  return h ? `${h}:${mmss}` : mmss;
}

export const roleLabel = role => ({ host: 'Host', respondent: 'Respondent', customer: 'Customer', observer: 'Observer' })[role] ?? role;
export const kindLabel = kind => (kind === 'salesCall' ? 'Sales call' : 'Focus group');
export const phaseLabel = phase => ({ scheduled: 'Not started', live: 'Live', ended: 'Ended' })[phase] ?? phase;

/** Only http(s) links and images are shown; anything else (javascript:, data:) is dropped. */
export function safeUrl(url) {
  if (!url || !String(url).trim()) return null;
  try {
    const u = new URL(url, location.href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch { return null; }
}

/** A product image that falls back to a placeholder when it is missing or does not load. */
export function productImage(card) {
  const placeholder = () => h('div', { class: 'product-img', 'aria-hidden': 'true' }, '🛍️');
  const src = safeUrl(card.imageUrl);
  if (!src) return placeholder();
  const img = h('img', { class: 'product-img', src, alt: card.title });
  img.addEventListener('error', () => img.replaceWith(placeholder()), { once: true });
  return img;
}

/**
 * One tile per participant, kept by data-pid: a roster change updates the tiles in place and adds or removes only the
 * tiles of people who came or went, so the <video> elements in the others keep playing (no black flash).
 */
export function renderTiles(container, entries, meId) {
  const existing = new Map([...container.querySelectorAll(':scope > .tile[data-pid]')].map(t => [t.dataset.pid, t]));
  const tiles = entries.map(p => {
    const name = p.participantId === meId ? `${p.displayName} (you)` : p.displayName;
    let tile = existing.get(p.participantId);
    existing.delete(p.participantId);
    if (!tile) {
      tile = h('div', { class: 'tile', dataset: { pid: p.participantId } },
        h('div', { class: 'avatar' }), h('span', { class: 'tile-role' }), h('span', { class: 'tile-name' }));
    }
    tile.classList.toggle('away', !p.present);
    tile.classList.toggle('me', p.participantId === meId);
    setText(tile.querySelector('.avatar'), initials(p.displayName));
    setText(tile.querySelector('.tile-role'), p.role === 'host' ? 'Host' : '');
    setText(tile.querySelector('.tile-name'), name);
    return tile;
  });
  for (const gone of existing.values()) gone.remove();
  container.querySelector(':scope > .empty')?.remove();
  // Screen tiles (added by the media layer) stay first; participant tiles follow in roster order. Moving a node that is
  // already in place is skipped, since a moved <video> restarts its playback.
  let anchor = [...container.querySelectorAll(':scope > .tile.screen')].at(-1) ?? null;
  for (const tile of tiles) {
    const expected = anchor ? anchor.nextElementSibling : container.firstElementChild;
    if (expected !== tile) container.insertBefore(tile, expected);
    anchor = tile;
  }
  if (!tiles.length && !container.querySelector(':scope > .tile')) container.append(h('p', { class: 'empty' }, 'Nobody is on stage yet.'));
}

function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Result bars of a poll: one row per option with count and share. */
export function pollBars(poll) {
  const tally = poll.tally ?? poll.options.map(() => 0);
  const total = tally.reduce((a, b) => a + b, 0);
  return h('div', { class: 'bars' }, poll.options.map((option, i) => {
    const count = tally[i] ?? 0;
    const pct = total ? Math.round((count / total) * 100) : 0;
    return h('div', { class: 'bar-row', dataset: { option: i } },
      h('span', {}, option),
      h('span', { class: 'bar-count' }, `${count} · ${pct}%`),
      h('div', { class: 'bar' }, h('span', { style: `width:${pct}%` })));
  }));
}

/**
 * A full-page message (ended, removed, refused…) that replaces the page's main content. `status` is the short word the
 * connection badge shows too; the page's header stops showing a clock or "Loading…".
 */
export function showScreen(main, { icon = 'ℹ️', title, text, status, code }) {
  fill(main, h('div', { class: 'screen', dataset: { status: code ?? '' } }, h('div', { class: 'card', role: 'status' },
    h('div', { class: 'screen-icon', 'aria-hidden': 'true' }, icon),
    status ? h('div', { class: 'screen-status' }, status) : null,
    h('h1', {}, title), h('p', {}, text))));
  document.title = `${title} · Live`;
  const header = $('#title');
  if (header && /^Loading/.test(header.textContent)) header.textContent = '';
  const clock = $('#clock');
  if (clock) clock.hidden = true;
  for (const el of document.querySelectorAll('.topbar .actions, #rec')) el.hidden = true;
}

/** A modal question with buttons; resolves to the chosen button's value. */
export function ask({ title, text, buttons }) {
  return new Promise(resolve => {
    const backdrop = h('div', { class: 'backdrop', role: 'dialog', 'aria-modal': 'true', 'aria-label': title });
    const row = h('div', { class: 'row' }, buttons.map(b => h('button', {
      class: `btn ${b.class ?? ''}`, type: 'button', onclick: () => { backdrop.remove(); resolve(b.value); },
    }, b.label)));
    backdrop.append(h('div', { class: 'dialog' }, h('h3', {}, title), h('p', {}, text), row));
    document.body.append(backdrop);
    row.lastElementChild?.focus();
  });
}
