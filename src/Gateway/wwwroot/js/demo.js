// Demo page: creates a demo focus group and shows its three invites (host, respondent, observer).
import { adoptKeyFromHash, storeKey, api } from './api.js';
import { h, $, fill, linkBox } from './ui.js';

const seats = {
  host: ['🎙️', 'Host', 'Runs the session: lets people in, moves through the guide, opens polls, reads the backroom.', 'Open host console'],
  respondent: ['🙋', 'Respondent', 'Takes part: waits in the lobby, answers prompts, votes in polls and reacts.', 'Open as respondent'],
  observer: ['👀', 'Observer', 'Watches from the backroom: live tallies, chat with the team, timestamped notes. Invisible to respondents.', 'Open backroom'],
};

async function create() {
  $('#demo-key').hidden = true;
  const status = $('#demo-status');
  status.hidden = false;
  status.textContent = 'Creating a demo session…';
  try {
    const demo = await api('POST', '/api/demo');
    $('#demo-title').textContent = demo.session.title;
    status.hidden = true;
    fill($('#invites'), demo.invites.map(invite => {
      const [icon, label, text, open] = seats[invite.role] ?? ['🔗', invite.role, '', 'Open'];
      return h('section', { class: 'card invite-card', dataset: { role: invite.role } },
        h('div', { class: 'row' }, h('div', { class: 'role-icon' }, icon),
          h('div', {}, h('h3', {}, label), h('div', { class: 'small muted' }, invite.displayName))),
        h('p', {}, text),
        linkBox(invite.url),
        h('a', { class: 'btn primary block', href: invite.url, target: '_blank', rel: 'noopener' }, open));
    }));
  } catch (error) {
    status.textContent = error.message;
    if (error.status === 401) $('#demo-key').hidden = false;
  }
}

$('#key-form').addEventListener('submit', e => {
  e.preventDefault();
  storeKey($('#api-key').value.trim());
  create();
});

if (adoptKeyFromHash()) create();
else { $('#demo-status').hidden = true; $('#demo-key').hidden = false; }
