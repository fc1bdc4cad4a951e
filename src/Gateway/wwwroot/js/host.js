// Host console: runs the session (phase, lobby, guide, polls, cards, recording), reads the backroom and invites people.
import { Session, refusalScreen } from './session.js';
import { h, $, fill, onClick, toast, friendlyError, linkBox, renderTiles, pollBars, showScreen, ask, safeUrl, productImage, kindLabel, phaseLabel, roleLabel, announce } from './ui.js';
import { stageMedia } from './media.js';
import { bulkInvites } from './invites.js';
import { roomChat } from './room-chat.js';
import { activityPanel } from './activity.js';
import { renderStaffRoster, peopleSummary, renderReactions, renderChat, renderNotes, wireTabs, wireComposer } from './staff.js';

const main = $('#main');
// Same join token: the recordings page checks it is a host's or an observer's.
$('#recordings-link').href = `recordings.html${location.hash}`;
const session = new Session({
  render,
  onRefused: refusal => { showScreen(main, refusalScreen(refusal)); $('#go-live').hidden = $('#end').hidden = true; },
  connectionBadge: $('#conn'),
  onReconnected: () => media.reconnect(),
  onEvent: (type, data) => { if (type === 'audit') activity.add(data); },
});
const media = stageMedia(session, { publish: true, tiles: $('#tiles'), barSlot: $('#media-bar') });
const bulk = bulkInvites(session);
const guestWord = s => (s.kind === 'salesCall' ? 'the customer' : 'respondents');
const chat = roomChat(session, {
  card: $('#room-chat'),
  canWrite: true,
  emptyText: s => `No messages yet. Send ${guestWord(s)} a link or spell something out.`,
  placeholder: s => `Message ${guestWord(s)}…`,
});
const activity = activityPanel(session, $('#activity-list'));
let pending = null; // names StartRecording says must still consent
let autoStarting = false; // the start that follows the last consent is in flight
let waitingSeen = null; // ids already in the lobby, so only arrivals are announced

function render(s, change, data) {
  const waiting = s.roster.filter(p => p.admission === 'waiting');
  document.title = `${waiting.length ? `(${waiting.length} waiting) ` : ''}${s.title} · Host · Live`;
  announceArrivals(waiting);
  $('#title').textContent = s.title;
  $('#kind').textContent = kindLabel(s.kind);
  const phase = $('#phase');
  phase.textContent = phaseLabel(s.phase);
  phase.className = `badge ${s.phase}`;
  $('#go-live').hidden = s.phase !== 'scheduled';
  $('#end').hidden = s.phase === 'ended';
  $('#products').hidden = s.kind !== 'salesCall';
  // A sales call is about the customer and the products: the cards come right under the stage, the guide and polls after.
  if (change === 'snapshot' && s.kind === 'salesCall') $('#stage-h').closest('section').after($('#products'));

  const all = change === 'snapshot';
  if (all || change === 'staffRoster' || change === 'observers' || change === 'phase' || change === 'connectionCheck' || change === 'customerContext' || change === 'mediaPath') { renderPeople(s); bulk.render(); }
  if (all || change === 'prompt' || change === 'phase') renderGuide(s);
  if (all || change === 'poll' || change === 'tally') renderPolls(s);
  if (all || change === 'card' || change === 'cardOpened') renderCards(s);
  if (all || change === 'message') chat.update(s);
  if (all) $('#room-chat-h').textContent = s.kind === 'salesCall' ? 'Chat with the customer' : 'Chat with respondents';
  if (all || change === 'recording' || change === 'staffRoster') renderRecording(s);
  if (all || change === 'reactions') renderReactions($('#reactions'), s.reactions);
  if (all || change === 'chat') renderChat($('#chat'), s.chat, s.me.participantId);
  if (all || change === 'note') renderNotes($('#notes'), s.notes);
  if (all) { renderInviteRoles(s); activity.load(); }
  for (const el of document.querySelectorAll('.needs-live')) el.disabled = s.phase !== 'live';
  if (change === 'phase' && s.phase === 'ended') toast('The session has ended.');
  // A track the recording could not write, or is losing to a slow disk (the silo drops, never stalls, media for it).
  if (change === 'recordingProblem') for (const problem of data ?? []) toast(`Recording: ${problem}`, 'error');
  media.update(s, change);
}

/** Someone new in the lobby: said to screen readers, counted in the tab's title, and a soft chime. */
function announceArrivals(waiting) {
  const ids = new Set(waiting.map(p => p.participantId));
  const arrived = waitingSeen ? waiting.filter(p => !waitingSeen.has(p.participantId)) : [];
  waitingSeen = ids;
  if (!arrived.length) return;
  announce(`${arrived.map(p => p.displayName).join(', ')} ${arrived.length === 1 ? 'is' : 'are'} waiting in the lobby`);
  chime();
}

// Browsers allow sound once the person has interacted with the page: the chime's audio starts with the first click.
let audio = null;
addEventListener('pointerdown', () => { try { audio ??= new AudioContext(); audio.resume(); } catch { /* no audio */ } }, { once: true });
function chime() {
  try {
    if (audio?.state !== 'running') return;
    const osc = audio.createOscillator(), gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.08, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.4);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.4);
  } catch { /* no audio: the announcement and the title still tell */ }
}

function renderPeople(s) {
  const onStage = s.roster.filter(p => p.admission === 'admitted' && p.role !== 'observer');
  renderTiles($('#tiles'), onStage, s.me.participantId);
  $('#stage-count').textContent = `${onStage.length} on stage`;
  $('#people-count').textContent = peopleSummary(s);
  renderStaffRoster($('#roster'), s.roster, s.me.participantId, p => {
    if (s.phase === 'ended') return [];
    if (p.admission === 'waiting') return [
      onClick(h('button', { class: 'btn sm primary', 'aria-label': `Admit ${p.displayName}` }, 'Admit'), () => session.invoke('Admit', p.participantId)),
      onClick(h('button', { class: 'btn sm', 'aria-label': `Deny ${p.displayName}` }, 'Deny'), () => session.invoke('Deny', p.participantId)),
    ];
    if (p.participantId === s.me.participantId) return [];
    return [onClick(h('button', { class: 'btn sm ghost', 'aria-label': `Remove ${p.displayName}` }, 'Remove'), async () => {
      const sure = await ask({
        title: `Remove ${p.displayName}?`, text: 'They leave the session and cannot come back with the same invite.',
        buttons: [{ label: 'Cancel', value: false }, { label: 'Remove', value: true, class: 'danger solid' }],
      });
      if (sure) await session.invoke('Remove', p.participantId);
    })];
  }, s.observersPresent ?? 0, s.connectionChecks, s.mediaPaths, s.customerContexts);
}

function renderGuide(s) {
  const guide = s.guide ?? [];
  $('#prev').hidden = $('#next').hidden = !guide.length;
  $('#guide-h').textContent = guide.length ? 'Discussion guide' : 'Prompts';
  const howTo = guide.length ? 'press Next to show the first prompt' : 'type a question below to put it on screen';
  $('#prompt-text').textContent = s.prompt?.text ?? (s.phase === 'live' ? `Nothing on screen yet: ${howTo}.` : `Go live, then ${howTo}.`);
  $('#current-prompt').classList.toggle('muted', !s.prompt);
  // A list of buttons (a list item cannot itself be a button for screen readers).
  fill($('#guide'), guide.length ? guide.map((text, i) => h('li', {
    class: s.prompt?.index === i ? 'current' : '', 'aria-current': s.prompt?.index === i ? 'step' : null,
    onclick: () => session.invoke('JumpToPrompt', i).catch(() => {}),
  }, h('button', { type: 'button', class: 'guide-item', title: 'Show this prompt' }, text))) : null);
}

function renderPolls(s) {
  const polls = [...s.polls].reverse();
  fill($('#polls'), polls.length ? polls.map(poll => h('div', { class: 'poll', dataset: { poll: poll.id } },
    h('div', { class: 'row between' },
      h('div', { class: 'poll-q grow' }, poll.question),
      h('span', { class: `badge ${poll.open ? 'open' : 'ended'}` }, poll.open ? 'Open' : 'Closed'),
      poll.revealed ? h('span', { class: 'badge accent' }, 'Results shown') : null),
    pollBars(poll),
    h('div', { class: 'row between section-gap' },
      h('span', { class: 'small muted voters' }, `${poll.voters ?? 0} ${poll.voters === 1 ? 'vote' : 'votes'}${poll.multiple ? ' · multiple choice' : ''}${poll.observersMayVote ? ' · observers may vote' : ''}`),
      h('div', { class: 'row' },
        poll.open ? onClick(h('button', { class: 'btn sm' }, 'Close'), () => session.invoke('ClosePoll', poll.id).then(p => session.updatePoll(p))) : null,
        !poll.revealed ? onClick(h('button', { class: 'btn sm primary' }, 'Reveal results'), () => session.invoke('RevealPoll', poll.id).then(p => session.updatePoll(p))) : null))))
    : h('p', { class: 'empty' }, 'No polls yet.'));
}

function productView(card) {
  const link = safeUrl(card.link);
  return h('div', { class: 'product' },
    productImage(card),
    h('div', {},
      h('div', { class: 'product-title' }, card.title),
      h('div', { class: 'product-price' }, card.price),
      link ? h('a', { href: link, target: '_blank', rel: 'noopener noreferrer' }, 'View product ↗') : null));
}

/** "Opened ✓ 14:02" when the customer opened this card's link (the first time), else nothing. */
function openedBadge(s, cardId) {
  const opened = (s.cardsOpened ?? []).find(o => o.cardId === cardId);
  if (!opened) return null;
  const time = new Date(opened.openedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return h('span', { class: 'badge ok card-opened', dataset: { card: cardId }, title: 'The customer opened this product’s link' }, `Opened ✓ ${time}`);
}

function renderCards(s) {
  if (s.kind !== 'salesCall') return;
  fill($('#on-stage-card'), s.card
    ? h('div', { class: 'poll' },
      h('div', { class: 'row between' }, h('div', { class: 'subhead flush' }, 'On the customer’s screen'), openedBadge(s, s.card.id)),
      productView(s.card))
    : h('p', { class: 'empty' }, 'No card on the customer’s screen.'));
  $('#withdraw').hidden = !s.card;
  const catalogue = s.productCards ?? [];
  fill($('#catalogue'), catalogue.length ? catalogue.map(card => h('li', {},
    h('div', { class: 'grow' }, h('span', { class: 'name' }, card.title), h('span', { class: 'meta' }, card.price)),
    openedBadge(s, card.id),
    s.card?.id === card.id ? h('span', { class: 'badge live' }, 'On screen')
      : onClick(h('button', { class: 'btn sm needs-live' }, 'Push'), () => session.invoke('PushCard', card))))
    : h('li', { class: 'empty' }, 'No catalogue for this session.'));
}

function renderRecording(s) {
  const status = s.recording?.status ?? 'off';
  if (status === 'recording') pending = null;
  const badge = $('#rec-status');
  badge.textContent = { off: 'Off', recording: 'Recording', paused: 'Paused', stopped: 'Stopped' }[status];
  badge.className = `badge ${status === 'recording' ? 'danger' : status === 'paused' ? 'warn' : ''}`;
  const rec = $('#rec');
  rec.hidden = status !== 'recording' && status !== 'paused';
  rec.textContent = status === 'paused' ? 'Paused' : 'Recording';
  rec.className = `rec${status === 'paused' ? ' paused' : ''}`;
  $('#rec-start').hidden = status === 'recording' || status === 'paused';
  $('#rec-pause').hidden = status !== 'recording';
  $('#rec-resume').hidden = status !== 'paused';
  $('#rec-stop').hidden = status === 'off' || status === 'stopped';
  const guests = s.roster.filter(p => p.admission === 'admitted' && (p.role === 'respondent' || p.role === 'customer') && p.present);
  const waitingFor = guests.filter(p => p.consent !== 'given');
  const allConsented = guests.length > 0 && !waitingFor.length;
  const off = status === 'off' || status === 'stopped';
  const line = $('#rec-pending');
  // Start was pressed and everyone has now agreed: the recording starts without a second press.
  if (pending && allConsented && off && !autoStarting) {
    autoStarting = true;
    session.invoke('StartRecording')
      .then(view => { pending = view?.pendingConsent?.length ? view.pendingConsent : null; })
      .catch(() => { pending = null; })
      .finally(() => { autoStarting = false; renderRecording(session.state); });
  }
  const declined = waitingFor.filter(p => p.consent === 'declined').map(p => p.displayName);
  line.textContent = !off || s.phase !== 'live' ? ''
    : pending ? `Waiting for consent from ${waitingFor.map(p => p.displayName).join(', ') || pending.join(', ')}. Recording starts as soon as everyone has agreed.${declined.length ? ` ${declined.join(', ')} declined.` : ''}`
      : allConsented ? 'Everyone has consented: ready to record.'
        : '';
  line.hidden = !line.textContent;
  line.dataset.state = pending ? 'waiting' : allConsented && off ? 'ready' : '';
}

function renderInviteRoles(s) {
  const guest = s.kind === 'salesCall' ? 'customer' : 'respondent';
  const select = $('#invite-role');
  const current = select.value || guest;
  fill(select, [guest, 'observer', 'host'].map(role => h('option', { value: role, selected: role === current }, roleLabel(role))));
}

// ---- controls ----
onClick($('#go-live'), () => session.invoke('GoLive'));
onClick($('#end'), async () => {
  const sure = await ask({
    title: 'End this session?', text: 'Everyone leaves and the session cannot be restarted.',
    buttons: [{ label: 'Keep going', value: false }, { label: 'End session', value: true, class: 'danger solid' }],
  });
  if (sure) await session.invoke('EndSession');
});
onClick($('#next'), () => session.invoke('NextPrompt'));
onClick($('#prev'), () => session.invoke('PreviousPrompt'));
$('#adhoc-form').addEventListener('submit', async e => {
  e.preventDefault();
  const input = $('#adhoc');
  if (!input.value.trim()) return;
  try { await session.invoke('ShowPrompt', input.value.trim()); input.value = ''; } catch { /* toasted */ }
});

$('#poll-form').addEventListener('submit', async e => {
  e.preventDefault();
  const question = $('#poll-question').value.trim();
  const options = $('#poll-options').value.split('\n').map(o => o.trim()).filter(Boolean);
  if (!question) return toast('Type a question for the poll.', 'error');
  if (options.length < 2) return toast('A poll needs at least two options, one per line.', 'error');
  const multiple = document.querySelector('input[name=poll-multiple]:checked').value === 'multiple';
  const button = $('#open-poll');
  button.disabled = true;
  try {
    session.updatePoll(await session.invoke('OpenPoll', question, options, multiple, $('#poll-observers').checked));
    $('#poll-question').value = '';
    $('#poll-options').value = '';
  } catch { /* toasted */ } finally { button.disabled = session.state?.phase !== 'live'; }
});

onClick($('#withdraw'), () => session.invoke('WithdrawCard'));
$('#card-form').addEventListener('submit', async e => {
  e.preventDefault();
  const card = { title: $('#card-title').value.trim(), price: $('#card-price').value.trim(), imageUrl: $('#card-image').value.trim() || null, link: $('#card-link').value.trim() || null };
  if (!card.title || !card.price) return toast('A card needs a title and a price.', 'error');
  try { await session.invoke('PushCard', card); e.target.reset(); } catch { /* toasted */ }
});

onClick($('#rec-start'), async () => {
  const view = await session.invoke('StartRecording');
  pending = view?.pendingConsent?.length ? view.pendingConsent : null;
  if (pending) toast('Guests were asked to consent to recording.');
  renderRecording(session.state);
});
onClick($('#rec-pause'), () => session.invoke('PauseRecording'));
onClick($('#rec-resume'), () => session.invoke('ResumeRecording'));
onClick($('#rec-stop'), () => session.invoke('StopRecording'));

wireTabs($('#backroom'));
wireComposer($('#chat-form'), async text => {
  const message = await session.invoke('Chat', text);
  session.state.chat.some(m => m.id === message.id) || session.state.chat.push(message);
  renderChat($('#chat'), session.state.chat, session.state.me.participantId);
});

$('#invite-form').addEventListener('submit', async e => {
  e.preventDefault();
  const name = $('#invite-name').value.trim();
  if (!name) return toast('Type the name of the person to invite.', 'error');
  const button = $('#invite-create');
  button.disabled = true;
  try {
    const response = await fetch(`/api/sessions/${encodeURIComponent(session.state.sessionId)}/invites`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ role: $('#invite-role').value, displayName: name }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.detail ?? body.title ?? `The invite failed (${response.status}).`);
    const result = $('#invite-result');
    fill(result,
      h('div', { class: 'label', style: 'margin-bottom:6px' }, `${roleLabel(body.role)} link for ${body.displayName}`),
      linkBox(body.url),
      h('p', { class: 'small muted', style: 'margin-top:6px' }, `Valid until ${new Date(body.expiresAt).toLocaleString()}.`));
    result.dataset.role = body.role;
    result.hidden = false;
    $('#invite-name').value = '';
  } catch (error) {
    toast(friendlyError(error), 'error');
  } finally { button.disabled = false; }
});

setInterval(() => { if (session.state) $('#clock').textContent = session.clockText(); }, 500);
session.start();
