// Captures real Chromium SDP offers for the Sdp tests, and optionally checks that answers built by
// Live.Media are accepted by Chromium's setRemoteDescription.
//
// Usage (outside the repo, so node_modules never lands in it):
//   mkdir -p /tmp/sdpcap && cd /tmp/sdpcap && npm i playwright-core@1.49
//   NODE_PATH=/tmp/sdpcap/node_modules node <repo>/scripts/sdp-capture/capture.mjs <outDir> [answerCommand]
// Writes <outDir>/chromium-<scenario>.sdp. With answerCommand (e.g. "dotnet run <repo>/scripts/sdp-answer/answer.cs"),
// each offer stays set as the local description, the command is run with the offer file path as its last argument,
// its stdout is applied with setRemoteDescription, and the result is printed per scenario.
import { createRequire } from 'node:module';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const outDir = process.argv[2] ?? '.';
const answerCommand = process.argv[3];
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

const page = `<!doctype html><html><body><canvas id="c" width="320" height="180"></canvas><script>
window.pcs = {};
async function media(constraints) { return navigator.mediaDevices.getUserMedia(constraints); }
function canvasTrack() {
  const c = document.getElementById('c'); const g = c.getContext('2d');
  setInterval(() => { g.fillStyle = '#' + Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, '0'); g.fillRect(0, 0, 320, 180); }, 50);
  return c.captureStream(15).getVideoTracks()[0];
}
const scenarios = {
  async camera(pc) { const s = await media({ audio: true, video: true }); s.getTracks().forEach(t => pc.addTrack(t, s)); },
  async screen(pc) {
    const s = await media({ audio: true, video: true }); s.getTracks().forEach(t => pc.addTrack(t, s));
    const screen = canvasTrack(); pc.addTrack(screen, new MediaStream([screen]));
  },
  async recvonly(pc) { pc.addTransceiver('audio', { direction: 'recvonly' }); pc.addTransceiver('video', { direction: 'recvonly' }); },
  async simulcast(pc) {
    const s = await media({ audio: true, video: { width: 1280, height: 720 } });
    pc.addTrack(s.getAudioTracks()[0], s);
    pc.addTransceiver(s.getVideoTracks()[0], { direction: 'sendonly', streams: [s],
      sendEncodings: [{ rid: 'q', scaleResolutionDownBy: 4 }, { rid: 'h', scaleResolutionDownBy: 2 }, { rid: 'f' }] });
  },
  async datachannel(pc) { const s = await media({ audio: true, video: true }); s.getTracks().forEach(t => pc.addTrack(t, s)); pc.createDataChannel('chat'); },
};
async function offer(name, scenario = name) {
  const pc = new RTCPeerConnection(); window.pcs[name] = pc;
  await scenarios[scenario](pc);
  const o = await pc.createOffer(); await pc.setLocalDescription(o);
  return pc.localDescription.sdp;
}
async function answer(name, sdp) {
  const pc = window.pcs[name];
  try {
    await pc.setRemoteDescription({ type: 'answer', sdp });
    const transceivers = pc.getTransceivers().map(t => t.mid + ':' + t.currentDirection +
      (t.sender.track ? '/' + t.sender.track.kind + '/encodings=' + t.sender.getParameters().encodings.length : ''));
    return 'accepted, ' + pc.signalingState + ', ' + transceivers.join(' ');
  }
  catch (e) { return 'REJECTED: ' + e.message; }
}
</script></body></html>`;

const server = http.createServer((_, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end(page); });
await new Promise(r => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: chromiumPath, args: [
  '--headless', '--no-sandbox', '--disable-gpu', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
let failed = false;
try {
  const tab = await browser.newPage();
  await tab.goto(url);
  fs.mkdirSync(outDir, { recursive: true });
  for (const name of ['camera', 'screen', 'recvonly', 'simulcast', 'datachannel']) {
    const sdp = await tab.evaluate(n => offer(n), name);
    const file = path.join(outDir, `chromium-${name}.sdp`);
    fs.writeFileSync(file, sdp);
    console.log(`${name}: ${sdp.length} chars -> ${file}`);
    if (answerCommand) {
      const answerSdp = execSync(`${answerCommand} ${JSON.stringify(file)}`, { encoding: 'utf8' });
      const result = await tab.evaluate(([n, a]) => answer(n, a), [name, answerSdp]);
      if (result.startsWith('REJECTED')) { failed = true; console.log(answerSdp); }
      console.log(`${name}: answer ${result}`);
    }
  }
  if (answerCommand) {
    // Negative control: the same kind of answer without its DTLS fingerprint must be refused, or the check proves nothing.
    const file = path.join(outDir, 'chromium-camera.sdp');
    const sdp = await tab.evaluate(n => offer(n, 'camera'), 'negative');
    fs.writeFileSync(file, sdp);
    const broken = execSync(`${answerCommand} ${JSON.stringify(file)}`, { encoding: 'utf8' }).replace(/a=fingerprint:[^\r]*\r\n/g, '');
    const result = await tab.evaluate(([n, a]) => answer(n, a), ['negative', broken]);
    if (!result.startsWith('REJECTED')) failed = true;
    console.log(`negative control (no fingerprint): answer ${result}`);
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
