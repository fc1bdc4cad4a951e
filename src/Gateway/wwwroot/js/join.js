// Respondent / customer page: the lobby, then the prompt, polls, product cards and reactions.
// Everything here comes from guest-safe events; nothing about observers ever reaches this page.
import { Session, refusalScreen, tokenFromHash, tokenClaims, pageForRole } from './session.js';
import { stageMedia } from './media.js';
import { h, $, fill, onClick, toast, renderTiles, pollBars, showScreen, ask, safeUrl, productImage, announce, cue } from './ui.js';
import { checkPanel, stopPreview } from './check-panel.js';
import { describeCheck, renderFindings, reportOf } from './check.js';
import { roomChat } from './room-chat.js';

const REACTIONS = ['👍', '👎', '❤️', '😂', '😮', '🤔'];
const main = $('#main');
const session = new Session({
  render,
  onRefused: refusal => showScreen(main, refusalScreen(refusal)),
  onEvent: (type) => { if (type === 'consentRequested') askConsent(); },
  connectionBadge: $('#conn'),
  onReconnected: () => media.reconnect(),
});
const media = stageMedia(session, { publish: true, tiles: $('#tiles'), barSlot: $('#media-bar') });
const hostNames = s => s.roster.filter(p => p.role === 'host').map(p => p.displayName).join(' and ');
const chat = roomChat(session, {
  card: $('#room-chat'),
  canWrite: true,
  emptyText: s => `Send ${hostNames(s) || 'the host'} a message: a link, a spelling, a question.`,
  placeholder: s => `Message ${hostNames(s) || 'the host'}…`,
});
let pollKey = '';
let seenPoll = null; // the newest poll and card already shown, so only a new one is announced
let seenCard = null;
let asking = false;
let finished = false;
let check = null;       // the connection check's result, reported once connected
let reported = false;
let contextShared = false;

/** Pause on "Everything works" before joining, so the person sees it. */
const ALL_GOOD_PAUSE_MS = 1200;

function render(s, change) {
  if (finished) return;
  document.title = `${s.title} · Live`;
  $('#title').textContent = s.title;
  $('#connecting').hidden = true;

  if (s.phase === 'ended') return finish('ended');
  if (s.me.admission === 'denied') return finish('denied');
  if (s.me.admission === 'removed') return finish('removed');

  const waiting = s.me.admission === 'waiting';
  $('#lobby').hidden = !waiting;
  $('#room').hidden = waiting;
  reportCheck();
  shareContext();
  if (waiting) {
    $('#lobby-text').textContent = `You are joining “${s.title}” as ${s.me.displayName}. Please keep this page open.`;
    return;
  }

  renderRecording(s.recording);
  if (change === 'snapshot' || change === 'roster') {
    renderTiles($('#tiles'), s.roster.filter(p => p.admission === 'admitted'), s.me.participantId);
  }
  renderPrompt(s);
  renderPoll(s);
  renderProduct(s.card);
  if (change === 'snapshot' || change === 'message' || change === 'roster' || change === 'phase') renderChat(s);
  announceNew(s, change);
  $('#react-card').hidden = s.phase !== 'live';
  if (change === 'snapshot' && s.me.consent === 'asked') askConsent();
  media.update(s, change);
}

/** A terminal status (ended, denied, removed): media off, and the session's one screen for it. */
function finish(status) {
  finished = true;
  media.update({ phase: 'ended', me: {} });
  $('#rec').hidden = true;
  session.stop(status);
}

function renderRecording(recording) {
  const status = recording?.status;
  const rec = $('#rec');
  rec.hidden = status !== 'recording' && status !== 'paused';
  rec.textContent = status === 'paused' ? 'Recording paused' : 'Recording';
  rec.className = `rec${status === 'paused' ? ' paused' : ''}`;
}

function renderPrompt(s) {
  $('#prompt-label').textContent = s.prompt ? 'Now discussing' : `Welcome, ${s.me.displayName}`;
  const hosts = s.roster.filter(p => p.role === 'host').map(p => p.displayName);
  const withHost = s.kind === 'salesCall' && hosts.length ? ` You are with ${hosts.join(' and ')}.` : '';
  $('#prompt-text').textContent = s.prompt?.text
    ?? (s.phase === 'live' ? `The session has started.${withHost}` : `You are in. The session will begin shortly.${withHost}`);
}

function renderPoll(s) {
  const poll = s.polls[s.polls.length - 1];
  const card = $('#poll');
  const key = poll ? JSON.stringify([poll.id, poll.open, poll.revealed, poll.myChoice, poll.tally]) : '';
  if (key === pollKey) return;
  pollKey = key;
  card.hidden = !poll;
  if (!poll) return;

  const parts = [h('div', { class: 'card-head' }, h('h2', {}, poll.open ? 'Poll' : 'Poll closed'),
    poll.myChoice?.length ? h('span', { class: 'voted', id: 'vote-recorded' }, '✓ Vote recorded') : null),
  h('div', { class: 'poll-q' }, poll.question)];

  if (poll.open) {
    const type = poll.multiple ? 'checkbox' : 'radio';
    const form = h('form', { id: 'vote-form' },
      h('div', { class: 'options' }, poll.options.map((option, i) => h('label', { class: 'option' },
        h('input', { type, name: 'choice', value: String(i), checked: poll.myChoice?.includes(i) ?? false }),
        h('span', {}, option)))),
      h('div', { class: 'row between' },
        h('span', { class: 'small muted' }, poll.multiple ? 'Pick all that apply.' : 'Pick one.'),
        h('button', { class: 'btn primary', type: 'submit' }, poll.myChoice?.length ? 'Change vote' : 'Submit vote')));
    form.addEventListener('submit', async e => {
      e.preventDefault();
      const choice = [...form.querySelectorAll('input:checked')].map(i => Number(i.value));
      if (!choice.length) return toast('Pick an option first.', 'error');
      const button = form.querySelector('button');
      button.disabled = true;
      try {
        session.updatePoll(await session.invoke('Vote', poll.id, choice));
        toast('Vote recorded', 'ok');
      } catch { button.disabled = false; }
    });
    parts.push(form);
  } else if (!poll.revealed) {
    parts.push(h('p', { class: 'muted' }, 'Voting has closed. Thank you!'));
  }
  if (poll.revealed) {
    parts.push(h('div', { class: 'subhead' }, 'Results'), pollBars(poll));
  }
  fill(card, parts);
}

function renderChat(s) {
  const hosts = hostNames(s);
  $('#room-chat-h').textContent = s.kind === 'salesCall' && hosts ? `Chat with ${hosts}` : 'Chat';
  chat.update(s);
}

function renderProduct(card) {
  const el = $('#product');
  el.hidden = !card;
  if (!card) return;
  const link = safeUrl(card.link);
  fill(el,
    h('div', { class: 'card-head' }, h('h2', {}, 'Recommended for you')),
    h('div', { class: 'product' },
      productImage(card),
      h('div', {},
        h('div', { class: 'product-title' }, card.title),
        h('div', { class: 'product-price' }, card.price),
        link ? cardLink(h('a', { class: 'btn primary', href: link, target: '_blank', rel: 'noopener noreferrer' }, 'View product'), card) : null)));
}

/** Opening the card's link (click, middle click, keyboard) tells the host; a lost report only loses the hint. */
function cardLink(a, card) {
  const report = () => session.connection?.invoke('CardOpened', card.id).catch(() => {});
  a.addEventListener('click', report);
  a.addEventListener('auxclick', e => { if (e.button === 1) report(); });
  return a;
}

/** A poll or card that arrives while the page is open is announced and highlighted (on a phone it may be off screen). */
function announceNew(s, change) {
  const poll = s.polls[s.polls.length - 1];
  if (poll && poll.id !== seenPoll) {
    if (change !== 'snapshot' && poll.open) { announce(`New poll: ${poll.question}`); cue($('#poll'), 'New poll'); }
    seenPoll = poll.id;
  }
  const card = s.card?.id ?? s.card?.title ?? null;
  if (card && card !== seenCard && change !== 'snapshot') { announce(`New product: ${s.card.title}, ${s.card.price}`); cue($('#product'), 'New'); }
  seenCard = card;
}

async function askConsent() {
  if (asking || finished) return;
  asking = true;
  const allow = await ask({
    title: 'May we record this session?',
    text: 'The host would like to record the conversation. You can decline and still take part.',
    buttons: [{ label: 'Decline', value: false }, { label: 'Allow recording', value: true, class: 'primary' }],
  });
  asking = false;
  try {
    await session.invoke('SetConsent', allow);
    toast(allow ? 'Thanks — you agreed to be recorded.' : 'You declined recording.');
  } catch { /* toasted */ }
}

fill($('#reactions'), REACTIONS.map(emoji => onClick(h('button', { class: 'reaction', type: 'button', title: `React ${emoji}`, 'aria-label': `React ${emoji}` }, emoji),
  () => session.invoke('React', emoji))));

/**
 * Before the lobby: the connection check (camera, microphone, the media path to the silo) in plain words. When all is
 * well the page joins by itself after a moment; otherwise the person decides (join anyway, or fix and check again).
 */
async function checkThenJoin() {
  const token = tokenFromHash();
  // A missing, malformed, expired or other role's link: the session shows what is wrong (or opens the right page).
  const claims = token ? tokenClaims(token) : null;
  const expired = typeof claims?.exp === 'number' && claims.exp * 1000 < Date.now();
  if (!claims?.sid || expired || pageForRole(claims.role) !== 'join.html') return session.start();
  $('#connecting').hidden = true;
  $('#check').hidden = false;
  let joining = false;
  const join = () => {
    if (joining) return;
    joining = true;
    stopPreview(check);
    $('#check').hidden = true;
    $('#connecting').hidden = false;
    session.start();
  };
  check = await checkPanel($('#check-card'), token, {
    title: 'Before you join',
    intro: 'A quick check of your camera, microphone and connection, so that the session goes smoothly.',
    actions: result => {
      const fine = !describeCheck(result).some(l => l.kind === 'bad');
      return [
        onClick(h('button', { class: 'btn', type: 'button' }, 'Check again'), () => { stopPreview(result); /**
 * Hands the hosts the customer context a shop put in the link (#token=…&context=…), once connected. The server checks the
 * shop's signature and never sends the context back, so this page shows nothing of it.
 */
function shareContext() {
  const context = new URLSearchParams(location.hash.slice(1)).get('context');
  if (contextShared || !context || !session.connection) return;
  contextShared = true;
  // A refused context (expired, forged) must not keep the customer out of the call: the host just sees none.
  session.connection.invoke('ShareCustomerContext', context).catch(error => console.warn('Customer context not accepted', error));
}

checkThenJoin(); }),
        onClick(h('button', { class: 'btn primary', type: 'button', id: 'join-now' }, fine ? 'Join now' : 'Join anyway'), join),
      ];
    },
  });
  // The server refused the link itself (a forged or revoked token): the session's own screen says so.
  if (check.error === 'invalid-token') return join();
  if (!describeCheck(check).some(l => l.kind === 'bad')) setTimeout(join, ALL_GOOD_PAUSE_MS);
}

/** Tells the host (through the participant grain) what the check found, once connected; the lobby shows it too. */
function reportCheck() {
  if (reported || !check || !session.connection) return;
  reported = true;
  fill($('#lobby-check'), h('div', { class: 'subhead' }, 'Your setup'), renderFindings(check));
  $('#lobby-check').hidden = false;
  session.connection.invoke('ReportConnectionCheck', reportOf(check))
    .catch(error => { reported = false; console.warn('Connection check not reported', error); });
}

/**
 * Hands the hosts the customer context a shop put in the link (#token=…&context=…), once connected. The server checks the
 * shop's signature and never sends the context back, so this page shows nothing of it.
 */
function shareContext() {
  const context = new URLSearchParams(location.hash.slice(1)).get('context');
  if (contextShared || !context || !session.connection) return;
  contextShared = true;
  // A refused context (expired, forged) must not keep the customer out of the call: the host just sees none.
  session.connection.invoke('ShareCustomerContext', context).catch(error => console.warn('Customer context not accepted', error));
}

checkThenJoin();
