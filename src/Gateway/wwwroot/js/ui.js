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

/** Video placeholders for participants (the media plane comes later). */
export function renderTiles(container, entries, meId) {
  const tiles = entries.map(p => h('div', { class: `tile${p.present ? '' : ' away'}${p.participantId === meId ? ' me' : ''}`, dataset: { pid: p.participantId } },
    h('div', { class: 'avatar' }, initials(p.displayName)),
    h('span', { class: 'tile-role' }, p.role === 'host' ? 'Host' : ''),
    h('span', { class: 'tile-name' }, p.participantId === meId ? `${p.displayName} (you)` : p.displayName)));
  fill(container, tiles.length ? tiles : h('p', { class: 'empty' }, 'Nobody is on stage yet.'));
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

/** A full-page message (ended, removed, refused…) that replaces the page's main content. */
export function showScreen(main, { icon = 'ℹ️', title, text }) {
  fill(main, h('div', { class: 'screen' }, h('div', { class: 'card' },
    h('div', { class: 'screen-icon' }, icon), h('h1', {}, title), h('p', {}, text))));
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
