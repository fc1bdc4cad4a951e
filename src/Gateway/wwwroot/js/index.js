// Landing page: create a session (then open the host console) and list recent sessions.
import { adoptKeyFromHash, storedKey, storeKey, api } from './api.js';
import { h, $, fill, toast, onClick, kindLabel, phaseLabel } from './ui.js';

const keyInput = $('#api-key');
keyInput.value = adoptKeyFromHash();
$('#key-hint').textContent = keyInput.value ? 'Taken from your link; kept for this browser tab only.' : 'Kept for this browser tab only.';
keyInput.addEventListener('change', () => { storeKey(keyInput.value.trim()); loadSessions(); });
if (storedKey()) $('#demo-link').href = `demo.html#key=${encodeURIComponent(storedKey())}`;

for (const radio of document.querySelectorAll('input[name=kind]')) {
  radio.addEventListener('change', () => { $('#cards-field').hidden = kindValue() !== 'salesCall'; });
}
const kindValue = () => document.querySelector('input[name=kind]:checked').value;
const lines = text => text.split('\n').map(l => l.trim()).filter(Boolean);

function parseCards(text) {
  return lines(text).map((line, i) => {
    const [title, price, imageUrl, link] = line.split('|').map(part => part.trim());
    if (!title || !price) throw new Error(`Product card ${i + 1} needs at least “Title | Price”.`);
    return { title, price, imageUrl: imageUrl || null, link: link || null };
  });
}

async function openAsHost(sessionId, displayName) {
  const invite = await api('POST', `/api/sessions/${encodeURIComponent(sessionId)}/invites`, { role: 'host', displayName });
  location.href = invite.url;
}

$('#create-form').addEventListener('submit', async e => {
  e.preventDefault();
  const title = $('#title').value.trim();
  const hostName = $('#host-name').value.trim();
  if (!title) return toast('Give the session a title.', 'error');
  if (!hostName) return toast('Type your name; guests see it.', 'error');
  storeKey(keyInput.value.trim());
  if (!storedKey()) return toast('Enter the admin API key.', 'error');
  const button = $('#create');
  button.disabled = true;
  try {
    const kind = kindValue();
    const body = { title, kind, guide: lines($('#guide').value) };
    if (kind === 'salesCall') body.productCards = parseCards($('#cards').value);
    const session = await api('POST', '/api/sessions', body);
    await openAsHost(session.id, hostName);
  } catch (error) {
    toast(error.message, 'error');
    button.disabled = false;
  }
});

async function loadSessions() {
  const list = $('#sessions');
  if (!storedKey()) return fill(list, h('li', { class: 'empty' }, 'Enter the admin API key to see sessions.'));
  try {
    const sessions = await api('GET', '/api/sessions?max=20');
    fill(list, sessions.length ? sessions.map(s => h('li', {},
      h('div', { class: 'grow' },
        h('div', { class: 'name' }, s.title),
        h('div', { class: 'meta' }, `${kindLabel(s.kind)} · ${new Date(s.createdAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })} · ${s.guestCount} ${s.kind === 'salesCall' ? 'customer' : 'respondent'}${s.guestCount === 1 ? '' : 's'}`)),
      h('span', { class: `badge ${s.phase}` }, phaseLabel(s.phase)),
      s.phase !== 'ended' ? onClick(h('button', { class: 'btn sm', title: 'Open the host console with a new host link' }, 'Open as host'),
        () => openAsHost(s.id, $('#host-name').value.trim() || 'Host').catch(error => toast(error.message, 'error'))) : null))
      : h('li', { class: 'empty' }, 'No sessions yet. Create one to get started.'));
  } catch (error) {
    fill(list, h('li', { class: 'empty' }, error.message));
  }
}

onClick($('#refresh'), loadSessions);
loadSessions();
