// "Test my setup": the connection check on its own, from a guest's invite, days before the session. It joins nothing
// and shows the person to no one: only the join token's REST calls (/api/check/*), never the hub.
import { h, $, onClick, showScreen } from './ui.js';
import { tokenFromHash } from './session.js';
import { checkPanel, stopPreview } from './check-panel.js';

async function run() {
  const token = tokenFromHash();
  if (!token) {
    showScreen($('#main'), { icon: '🔗', title: 'A join link is needed', text: 'Open the “test my setup” link from your invitation (it ends with #token=…).' });
    return;
  }
  await checkPanel($('#check-card'), token, {
    title: 'Test my setup',
    intro: 'Check your camera, microphone and connection ahead of the session. Nobody sees this test, and it does not join you to anything.',
    actions: result => [
      h('p', { class: 'check-note grow' }, 'When it is time, open the invitation link itself to join.'),
      onClick(h('button', { class: 'btn primary', type: 'button' }, 'Check again'), () => { stopPreview(result); run(); }),
    ],
  });
}

run();
