// The connection check: camera, microphone and the media path to the silo that carries the session, in plain words.
// It needs only the join token: it runs before the lobby (join page) and on its own days before ("test my setup",
// check.html), and joins nothing. The path test is a throwaway RTCPeerConnection that sends one audio track to a probe
// router on the session's silo (REST /api/check/probe) with the same ICE servers (TURN relay) the session would use;
// getStats then says which candidate pair carried it, its round-trip time and the loss the SFU's receiver reports saw.
import { h } from './ui.js';

/** Chromium gives up on ICE after about 30 s; a path not up after this long is reported as failed. */
const CONNECT_TIMEOUT_MS = 12_000;
/** Long enough for three of the SFU's receiver reports (one a second) and a few consent checks. */
const MEASURE_MS = 3_000;

/**
 * The path a selected candidate pair took: through the relay when our candidate is a TURN relay candidate, over TCP
 * when it is a TCP candidate (ICE-TCP, RFC 6544), else plain UDP. `local` is the pair's local-candidate stats object.
 */
export function classifyPath(local) {
  if (!local) return 'failed';
  if (local.candidateType === 'relay') return 'relay';
  if ((local.protocol ?? '').toLowerCase() === 'tcp') return 'tcp';
  return 'udp';
}

/** What the host sees beside a waiting guest: "relay · 310 ms · 0 % loss". */
export function checkSummary(check) {
  if (!check) return '';
  if (check.path === 'failed') return 'no media path';
  const parts = [check.path];
  if (check.roundTripMs != null) parts.push(`${check.roundTripMs} ms`);
  if (check.lossPercent != null) parts.push(`${formatLoss(check.lossPercent)} % loss`);
  return parts.join(' · ');
}

/** Whether a host should look twice: no path, a slow one, lossy, or no camera or microphone. */
export function checkIsWeak(check) {
  return check.path === 'failed' || (check.roundTripMs ?? 0) >= 250 || (check.lossPercent ?? 0) >= 3
    || check.camera !== 'ok' || check.microphone !== 'ok';
}

const formatLoss = loss => (loss < 1 && loss > 0 ? loss.toFixed(1) : String(Math.round(loss)));

/**
 * Runs the whole check. `onStep(text)` follows the progress. Returns
 * `{ camera, microphone, path, roundTripMs, lossPercent, relayRefused, preview }`; `preview` is the camera stream
 * (the caller stops it), `relayRefused` is true when the relay answered our credentials with 401.
 */
export async function runConnectionCheck(token, { onStep = () => {} } = {}) {
  onStep('Checking your camera and microphone…');
  const camera = await tryDevice({ video: { width: 640, height: 360 } });
  const microphone = await tryDevice({ audio: true });
  onStep('Testing the connection to the session…');
  const path = await testPath(token, microphone.track);
  microphone.track?.stop();
  return { camera: camera.status, microphone: microphone.status, preview: camera.stream, ...path };
}

async function tryDevice(constraints) {
  try {
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    const [track] = stream.getTracks();
    return { status: 'ok', stream, track };
  } catch (error) {
    const name = error?.name;
    const status = name === 'NotAllowedError' || name === 'SecurityError' ? 'denied'
      : name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError' ? 'missing' : 'unknown';
    return { status, stream: null, track: null };
  }
}

async function testPath(token, micTrack) {
  const failed = extra => ({ path: 'failed', roundTripMs: null, lossPercent: null, ...extra });
  const auth = { Authorization: `Bearer ${token}` };
  let iceServers = [];
  try {
    const response = await fetch('/api/check/ice-servers', { headers: auth });
    if (!response.ok) return failed({ error: response.status === 401 ? 'invalid-token' : 'unreachable' });
    iceServers = await response.json();
  } catch {
    return failed({ error: 'unreachable' });
  }

  const pc = new RTCPeerConnection({ iceServers, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
  globalThis.liveCheck = pc; // for diagnostics and browser tests
  const errors = [];
  pc.addEventListener('icecandidateerror', e => errors.push(e.errorCode));
  let synthetic = null;
  try {
    // Without a microphone a tone stands in, so the path can still be measured.
    const track = micTrack ?? (synthetic = toneTrack());
    const transceiver = pc.addTransceiver(track ?? 'audio', { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    const response = await fetch('/api/check/probe', {
      method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ sdp: pc.localDescription.sdp, publish: { [transceiver.mid]: 'microphone' }, subscribe: {} }),
    });
    if (!response.ok) return failed({ error: (await response.json().catch(() => ({})))?.title ?? 'unreachable' });
    await pc.setRemoteDescription({ type: 'answer', sdp: (await response.json()).sdp });
    if (!await connected(pc)) return failed({ relayRefused: errors.includes(401), relayConfigured: iceServers.length > 0 });
    const start = await measure(pc);
    await new Promise(r => setTimeout(r, MEASURE_MS));
    const end = await measure(pc);
    const sent = end.packetsSent - start.packetsSent;
    const lost = end.packetsLost - start.packetsLost;
    return {
      path: classifyPath(end.local),
      relayProtocol: end.local?.relayProtocol ?? null,
      roundTripMs: end.rttSeconds == null ? null : Math.min(10_000, Math.round(end.rttSeconds * 1000)),
      lossPercent: sent > 0 && end.hasReports ? Math.round(Math.min(100, Math.max(0, (100 * lost) / sent)) * 10) / 10 : null,
      relayRefused: false,
    };
  } catch (error) {
    console.warn('Connection check failed', error);
    return failed({ error: 'unreachable' });
  } finally {
    pc.close();
    synthetic?.stop();
  }
}

function connected(pc) {
  return new Promise(resolve => {
    const done = ok => { clearTimeout(timer); pc.removeEventListener('connectionstatechange', watch); resolve(ok); };
    const watch = () => {
      if (pc.connectionState === 'connected') done(true);
      else if (pc.connectionState === 'failed' || pc.connectionState === 'closed') done(false);
    };
    const timer = setTimeout(() => done(false), CONNECT_TIMEOUT_MS);
    pc.addEventListener('connectionstatechange', watch);
    watch();
  });
}

/** The candidate pair ICE selected in a getStats report, or null. */
export function selectedPair(stats) {
  let pair = null;
  stats.forEach(s => {
    if (s.type === 'transport' && s.selectedCandidatePairId) pair = stats.get(s.selectedCandidatePairId) ?? pair;
  });
  // Firefox has no selectedCandidatePairId: its chosen pair says selected, else it is nominated and succeeded (after a
  // path change an old pair may still be nominated, so selected wins).
  stats.forEach(s => { if (s.type === 'candidate-pair' && !pair && s.selected) pair = s; });
  stats.forEach(s => { if (s.type === 'candidate-pair' && !pair && s.nominated && s.state === 'succeeded') pair = s; });
  return pair;
}

/** The selected pair's local candidate and round trip, and the packets sent and lost so far (the SFU's receiver reports). */
async function measure(pc) {
  const stats = await pc.getStats();
  const pair = selectedPair(stats);
  let packetsSent = 0, packetsLost = 0, hasReports = false, reportRtt = null;
  stats.forEach(s => {
    if (s.type === 'outbound-rtp') packetsSent += s.packetsSent ?? 0;
    if (s.type === 'remote-inbound-rtp') { hasReports = true; packetsLost += Math.max(0, s.packetsLost ?? 0); reportRtt ??= s.roundTripTime ?? null; }
  });
  const local = pair ? stats.get(pair.localCandidateId) : null;
  return { local, packetsSent, packetsLost, hasReports, rttSeconds: pair?.currentRoundTripTime ?? reportRtt };
}

/** A quiet tone from Web Audio: a track to send when there is no microphone. */
function toneTrack() {
  try {
    const context = new AudioContext();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    gain.gain.value = 0.001;
    const destination = context.createMediaStreamDestination();
    oscillator.connect(gain).connect(destination);
    oscillator.start();
    context.resume().catch(() => {});
    const [track] = destination.stream.getAudioTracks();
    track.addEventListener('ended', () => context.close());
    return track;
  } catch {
    return null;
  }
}

/**
 * The result in plain words: one line per finding, each `{ kind: 'ok'|'warn'|'bad', title, text }`, saying what works
 * and what to do about what does not.
 */
export function describeCheck(result) {
  const lines = [];
  const device = (status, what, fix) => {
    if (status === 'ok') lines.push({ kind: 'ok', title: `Your ${what} works`, text: '' });
    else if (status === 'denied') lines.push({ kind: 'bad', title: `Your ${what} is blocked`, text: `Allow ${what} access for this site in your browser (the icon in the address bar), then run the check again.` });
    else if (status === 'missing') lines.push({ kind: 'bad', title: `No ${what} found`, text: fix });
    else lines.push({ kind: 'warn', title: `Your ${what} could not be checked`, text: 'You can still join; others may not see or hear you.' });
  };
  device(result.camera, 'camera', 'Connect a camera or close other apps that use it. You can still join and be heard.');
  device(result.microphone, 'microphone', 'Connect a microphone or headset. You can still join, but others will not hear you.');

  const rtt = result.roundTripMs;
  const quality = rtt == null ? '' : ` Round trip ${rtt} ms${result.lossPercent != null ? `, ${formatLoss(result.lossPercent)} % of packets lost` : ''}.`;
  const slow = (rtt ?? 0) >= 250 || (result.lossPercent ?? 0) >= 3;
  switch (result.path) {
    case 'udp':
      lines.push({ kind: slow ? 'warn' : 'ok', title: slow ? 'Your connection works but is slow' : 'Your connection is good', text: `Video goes straight to our server.${quality}${slow ? ' Move closer to your Wi-Fi router or use a cable for a smoother call.' : ''}` });
      break;
    case 'tcp':
      lines.push({ kind: 'warn', title: 'Your connection works over TCP', text: `Your network blocks the faster UDP route, so video may lag a little when the network is busy.${quality}` });
      break;
    case 'relay':
      lines.push({ kind: slow ? 'warn' : 'ok', title: 'Your connection works through our relay', text: `Your network does not let video reach our server directly, so it goes through a relay server.${quality}${slow ? ' Expect some delay; a different network (for example your phone’s hotspot) may be faster.' : ''}` });
      break;
    default:
      if (result.error === 'invalid-token') lines.push({ kind: 'bad', title: 'This link does not work', text: 'It is not valid or has expired. Ask the person who invited you for a new one.' });
      else if (result.relayRefused) lines.push({ kind: 'bad', title: 'The relay server refused the connection', text: 'Your network blocks direct video, and our relay server did not accept the credentials for this link. Reload the page to try again; if it keeps failing, tell the person who invited you.' });
      else if (result.error) lines.push({ kind: 'bad', title: 'Live could not be reached', text: 'Check that you are online, then run the check again.' });
      else lines.push({ kind: 'bad', title: 'Video cannot get through your network', text: 'A firewall or VPN is blocking it. Try another network (for example your phone’s hotspot) or ask your IT team to allow video calls.' });
  }
  return lines;
}

/** The result as a list of findings with ✓, ! and ✕ marks. */
export function renderFindings(result) {
  const marks = { ok: '✓', warn: '!', bad: '✕' };
  return h('ul', { class: 'findings' }, describeCheck(result).map(line => h('li', { class: `finding ${line.kind}`, dataset: { kind: line.kind } },
    h('span', { class: 'finding-mark', 'aria-hidden': 'true' }, marks[line.kind]),
    h('div', {}, h('div', { class: 'finding-title' }, line.title), line.text ? h('div', { class: 'finding-text' }, line.text) : null))));
}

/** What the participant grain stores: the enum values and bounded numbers the hub's ReportConnectionCheck takes. */
export function reportOf(result) {
  const failed = result.path === 'failed';
  return {
    path: result.path,
    roundTripMs: failed ? null : result.roundTripMs,
    lossPercent: failed ? null : result.lossPercent,
    camera: result.camera,
    microphone: result.microphone,
  };
}
