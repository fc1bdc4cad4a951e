// The connection check as a card: a camera preview, the progress, then the findings in plain words with the buttons the
// page gives. Used by the join page (before the lobby) and by check.html ("test my setup", joins nothing).
import { h, fill } from './ui.js';
import { runConnectionCheck, renderFindings, describeCheck } from './check.js';

/**
 * Runs the check inside `card` and resolves to its result once it is shown. `actions(result)` returns the buttons
 * under the findings; `intro` is the sentence above the preview.
 */
export async function checkPanel(card, token, { title, intro, actions }) {
  const video = h('video', { class: 'check-preview', autoplay: true, playsInline: true, muted: true });
  video.muted = true;
  const step = h('p', { class: 'check-step', id: 'check-step', 'aria-live': 'polite' });
  const findings = h('div', { class: 'check-findings' });
  const buttons = h('div', { class: 'row check-actions' });
  fill(card,
    h('h1', {}, title),
    h('p', { class: 'muted' }, intro),
    h('div', { class: 'check-video' }, video, h('span', { class: 'check-video-empty' }, 'Camera preview')),
    step, findings, buttons);
  card.classList.add('check-card');
  card.dataset.state = 'running';

  const result = await runConnectionCheck(token, { onStep: text => { step.textContent = text; } });
  if (result.preview) {
    video.srcObject = result.preview;
    card.classList.add('has-preview');
  }
  const lines = describeCheck(result);
  const bad = lines.filter(l => l.kind === 'bad').length, warn = lines.filter(l => l.kind === 'warn').length;
  step.textContent = bad ? 'Some things need your attention.' : warn ? 'You are good to go, with a note.' : 'Everything works.';
  step.className = `check-step ${bad ? 'bad' : warn ? 'warn' : 'ok'}`;
  fill(findings, renderFindings(result));
  fill(buttons, actions(result));
  card.dataset.state = 'done';
  card.dataset.path = result.path;
  return result;
}

/** Stops the camera preview a check left running. */
export function stopPreview(result) {
  result?.preview?.getTracks().forEach(t => t.stop());
}
