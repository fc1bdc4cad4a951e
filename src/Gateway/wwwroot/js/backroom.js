// Observer backroom: watch the session, follow live tallies and reactions, chat with staff and drop timestamped notes.
import { Session, refusalScreen } from './session.js';
import { h, $, fill, toast, renderTiles, pollBars, showScreen, phaseLabel, formatClock } from './ui.js';
import { stageMedia } from './media.js';
import { roomChat } from './room-chat.js';
import { renderStaffRoster, peopleSummary, renderReactions, renderChat, renderNotes, wireTabs, wireComposer } from './staff.js';

const main = $('#main');
// Same join token: the recordings page checks it is a host's or an observer's.
$('#recordings-link').href = `recordings.html${location.hash}`;
const session = new Session({
  render,
  onRefused: refusal => showScreen(main, refusalScreen(refusal)),
  connectionBadge: $('#conn'),
  onReconnected: () => media.reconnect(),
});
// Observers watch everything and publish nothing.
const media = stageMedia(session, { publish: false, tiles: $('#tiles') });
// The host–guest chat, read only: an observer's line would tell guests someone watches (the server refuses it too).
const chat = roomChat(session, { card: $('#room-chat'), canWrite: false, emptyText: () => 'The host and guests have not written to each other yet.' });
const pollForms = new Map(); // poll id → key of the vote form last built, so typing a choice is not undone by a tally

function render(s, change) {
  document.title = `${s.title} · Backroom · Live`;
  $('#title').textContent = s.title;
  const phase = $('#phase');
  phase.textContent = phaseLabel(s.phase);
  phase.className = `badge ${s.phase}`;
  const all = change === 'snapshot';

  if (all || change === 'staffRoster') {
    const onStage = s.roster.filter(p => p.admission === 'admitted' && p.role !== 'observer');
    renderTiles($('#tiles'), onStage, s.me.participantId);
    $('#stage-count').textContent = `${onStage.length} on stage`;
  }
  if (all || change === 'staffRoster' || change === 'observers' || change === 'customerContext') {
    $('#people-count').textContent = peopleSummary(s);
    renderStaffRoster($('#roster'), s.roster, s.me.participantId, undefined, s.observersPresent ?? 0, null, null, s.customerContexts);
  }
  if (all || change === 'prompt' || change === 'phase') renderPrompt(s);
  if (all || change === 'poll' || change === 'tally' || change === 'phase') renderPolls(s);
  if (all || change === 'reactions') renderReactions($('#reactions'), s.reactions);
  if (all || change === 'chat') renderChat($('#chat'), s.chat, s.me.participantId);
  if (all || change === 'note') renderNotes($('#notes'), s.notes);
  if (all || change === 'message') chat.update(s);
  const rec = $('#rec');
  rec.hidden = !['recording', 'paused'].includes(s.recording?.status);
  rec.className = `rec${s.recording?.status === 'paused' ? ' paused' : ''}`;
  rec.textContent = s.recording?.status === 'paused' ? 'Paused' : 'Recording';
  media.update(s, change);
}

function renderPrompt(s) {
  $('#prompt-text').textContent = s.prompt?.text ?? (s.phase === 'scheduled' ? 'The session has not started yet.' : 'No prompt on screen yet.');
  $('#prompt-meta').textContent = s.prompt
    ? `${s.prompt.index !== null && s.prompt.index !== undefined ? `Guide prompt ${s.prompt.index + 1}` : 'Ad-hoc prompt'} · shown at ${formatClock(s.prompt.shownAtMs)}`
    : '';
}

function renderPolls(s) {
  const container = $('#polls');
  const polls = [...s.polls].reverse();
  if (!polls.length) { fill(container, h('p', { class: 'empty' }, 'No polls yet.')); pollForms.clear(); return; }
  // Keep each poll's block; rebuild only its tally, and its vote form only when the form itself must change.
  const blocks = polls.map(poll => {
    let block = container.querySelector(`[data-poll="${CSS.escape(poll.id)}"]`);
    if (!block) block = h('div', { class: 'poll', dataset: { poll: poll.id } }, h('div', { class: 'head' }), h('div', { class: 'tally' }), h('div', { class: 'vote' }));
    fill(block.querySelector('.head'), h('div', { class: 'row between' },
      h('div', { class: 'poll-q grow' }, poll.question),
      h('span', { class: `badge ${poll.open ? 'open' : 'ended'}` }, poll.open ? 'Open' : 'Closed'),
      poll.revealed ? h('span', { class: 'badge accent' }, 'Shown to guests') : null));
    fill(block.querySelector('.tally'), pollBars(poll),
      h('div', { class: 'small muted voters', style: 'margin-top:8px' }, `${poll.voters ?? 0} ${poll.voters === 1 ? 'vote' : 'votes'}`));
    renderVote(block.querySelector('.vote'), poll, s);
    return block;
  });
  container.replaceChildren(...blocks);
}

function renderVote(el, poll, s) {
  const canVote = poll.open && poll.observersMayVote && s.phase === 'live';
  const key = JSON.stringify([canVote, poll.myChoice]);
  if (pollForms.get(poll.id) === key) return;
  pollForms.set(poll.id, key);
  if (!canVote) { el.replaceChildren(); return; }
  const type = poll.multiple ? 'checkbox' : 'radio';
  const form = h('form', { class: 'section-gap' },
    h('div', { class: 'subhead' }, 'The host invites observers to vote'),
    h('div', { class: 'options' }, poll.options.map((option, i) => h('label', { class: 'option' },
      h('input', { type, name: `choice-${poll.id}`, value: String(i), checked: poll.myChoice?.includes(i) ?? false }), h('span', {}, option)))),
    h('div', { class: 'row between' },
      poll.myChoice?.length ? h('span', { class: 'voted' }, '✓ Vote recorded') : h('span'),
      h('button', { class: 'btn primary sm', type: 'submit' }, poll.myChoice?.length ? 'Change vote' : 'Vote')));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    const choice = [...form.querySelectorAll('input:checked')].map(i => Number(i.value));
    if (!choice.length) return toast('Pick an option first.', 'error');
    try { session.updatePoll(await session.invoke('Vote', poll.id, choice)); toast('Vote recorded', 'ok'); } catch { /* toasted */ }
  });
  fill(el, form);
}

wireTabs($('#backroom'));
wireComposer($('#note-form'), async text => {
  const note = await session.invoke('AddNote', text);
  session.state.notes.some(n => n.id === note.id) || session.state.notes.push(note);
  renderNotes($('#notes'), session.state.notes);
});
wireComposer($('#chat-form'), async text => {
  const message = await session.invoke('Chat', text);
  session.state.chat.some(m => m.id === message.id) || session.state.chat.push(message);
  renderChat($('#chat'), session.state.chat, session.state.me.participantId);
});

setInterval(() => {
  const s = session.state;
  if (!s) return;
  $('#clock').textContent = session.clockText();
  $('#note-stamp').textContent = s.phase === 'live'
    ? `Your note will be stamped ${session.clockText()}${s.prompt ? ` · “${s.prompt.text}”` : ''}`
    : s.phase === 'ended' ? 'The session has ended: notes are closed. They are kept with the recordings.'
      : 'Notes can be added once the session is live.';
  for (const el of document.querySelectorAll('#note-form input, #note-form button')) el.disabled = s.phase === 'ended';
}, 500);
session.start();
