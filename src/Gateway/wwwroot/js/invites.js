// Bulk invites on the host console: a pasted list or a CSV file in (one person a line: "Name, role"), one link per
// person out, as a table with who has joined and a CSV to download. Each line is one call to the invites endpoint.
import { h, $, fill, toast, friendlyError, copyButton, roleLabel } from './ui.js';

const ROLES = ['respondent', 'customer', 'observer', 'host'];
const MAX_ROWS = 200;

/** "Name, role" / "Name;role" / "Name<TAB>role" lines; a header line and blank lines are skipped; the role defaults to the guest role. */
export function parseInviteList(text, guestRole) {
  const rows = [];
  const errors = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const cells = line.split(/[,;\t]/).map(c => c.trim().replace(/^"(.*)"$/, '$1').trim());
    if (!cells[0] || (i === 0 && /^name$/i.test(cells[0]))) return;
    const role = (cells[1] || guestRole).toLowerCase();
    if (!ROLES.includes(role)) errors.push(`Line ${i + 1}: “${cells[1]}” is not a role (${ROLES.join(', ')}).`);
    else rows.push({ displayName: cells[0].slice(0, 80), role });
  });
  return { rows, errors };
}

/** Wires the bulk-invite card: `session` gives the token, the session id and the roster (who joined). */
export function bulkInvites(session) {
  const created = []; // { displayName, role, url, participantId, expiresAt }
  const input = $('#bulk-list');
  const table = $('#bulk-result');

  $('#bulk-file').addEventListener('change', async e => {
    const file = e.target.files?.[0];
    if (file) input.value = await file.text();
  });

  $('#bulk-form').addEventListener('submit', async e => {
    e.preventDefault();
    const guest = session.state?.kind === 'salesCall' ? 'customer' : 'respondent';
    const { rows, errors } = parseInviteList(input.value, guest);
    if (errors.length) return toast(errors[0], 'error');
    if (!rows.length) return toast('Paste one person a line: “Name, role”.', 'error');
    if (rows.length > MAX_ROWS) return toast(`At most ${MAX_ROWS} people at a time.`, 'error');
    const button = $('#bulk-create');
    button.disabled = true;
    try {
      for (const [i, row] of rows.entries()) {
        button.textContent = `Creating ${i + 1} of ${rows.length}…`;
        const response = await fetch(`/api/sessions/${encodeURIComponent(session.state.sessionId)}/invites`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${session.token}` },
          body: JSON.stringify(row),
        });
        const body = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(`${row.displayName}: ${body.detail ?? body.title ?? `the invite failed (${response.status})`}`);
        created.push({ displayName: body.displayName, role: body.role, url: body.url, participantId: body.participantId, expiresAt: body.expiresAt });
      }
      input.value = '';
      toast(`${rows.length} ${rows.length === 1 ? 'link' : 'links'} created.`, 'ok');
    } catch (error) {
      toast(friendlyError(error), 'error');
    } finally {
      button.disabled = false;
      button.textContent = 'Create links';
      render();
    }
  });

  $('#bulk-download').addEventListener('click', () => {
    const quote = v => `"${String(v ?? '').replace(/"/g, '""')}"`;
    const lines = [['name', 'role', 'link', 'expires', 'joined'].join(','),
      ...created.map(c => [c.displayName, String(c.role).toLowerCase(), c.url, c.expiresAt, joined(c) ? 'yes' : 'no'].map(quote).join(','))];
    const link = h('a', { href: URL.createObjectURL(new Blob([lines.join('\r\n') + '\r\n'], { type: 'text/csv' })), download: 'invites.csv' });
    document.body.append(link);
    link.click();
    link.remove();
  });

  const joined = c => session.state?.roster.some(p => p.participantId === c.participantId && (p.present || p.admission === 'admitted'));

  function render() {
    $('#bulk-download').hidden = !created.length;
    table.hidden = !created.length;
    if (!created.length) return;
    fill(table, h('table', { class: 'invite-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Role'), h('th', {}, 'Joined'), h('th', {}, 'Link'))),
      h('tbody', {}, created.map(c => h('tr', { dataset: { pid: c.participantId } },
        h('td', {}, c.displayName), h('td', {}, roleLabel(String(c.role).toLowerCase())),
        h('td', { class: 'joined' }, joined(c) ? '✓ Joined' : 'Not yet'),
        h('td', {}, copyButton(c.url, 'Copy link')))))));
  }

  return { render };
}
