// Captures real Firefox SDP offers (Debian's firefox-esr over WebDriver BiDi) for the Sdp tests, and optionally checks
// that answers built by Live.Media are accepted by Firefox's setRemoteDescription: the Firefox twin of capture.mjs.
//
// Usage, with the E2E Firefox driver's packages (cd tests/Live.Tests.E2E/Firefox && npm ci):
//   NODE_PATH=<repo>/tests/Live.Tests.E2E/Firefox/node_modules node <repo>/scripts/sdp-capture/capture-firefox.mjs <outDir> [answerCommand]
// Writes <outDir>/firefox-<scenario>.sdp; with answerCommand (e.g. "dotnet run <repo>/scripts/sdp-answer/answer.cs")
// applies each answer and prints the result per scenario, plus a negative control without the DTLS fingerprint.
import { createRequire } from 'node:module';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';

const require = createRequire(import.meta.url);
const puppeteer = require('puppeteer-core');
const outDir = process.argv[2] ?? '.';
const answerCommand = process.argv[3];
const firefoxPath = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

// The same scenarios as capture.mjs; Firefox's simulcast is sendEncodings with rids too.
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
const browser = await puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath, headless: true, protocol: 'webDriverBiDi',
  extraPrefsFirefox: { 'media.navigator.streams.fake': true, 'media.navigator.permission.disabled': true } });
let failed = false;
try {
  const tab = await browser.newPage();
  await tab.goto(url);
  console.log(`firefox ${await browser.version()}`);
  fs.mkdirSync(outDir, { recursive: true });
  for (const name of ['camera', 'screen', 'recvonly', 'simulcast', 'datachannel']) {
    const sdp = await tab.evaluate(n => offer(n), name);
    const file = path.join(outDir, `firefox-${name}.sdp`);
    fs.writeFileSync(file, sdp);
    console.log(`${name}: ${sdp.length} chars -> ${file}`);
    if (answerCommand) {
      const answerSdp = execSync(`${answerCommand} ${JSON.stringify(file)}`, { encoding: 'utf8' });
      const result = await tab.evaluate((n, a) => answer(n, a), name, answerSdp);
      if (result.startsWith('REJECTED')) { failed = true; console.log(answerSdp); }
      console.log(`${name}: answer ${result}`);
    }
  }
  if (answerCommand) {
    // Negative control: the same kind of answer without its DTLS fingerprint must be refused, or the check proves nothing.
    const file = path.join(outDir, 'firefox-negative.sdp');
    const sdp = await tab.evaluate(n => offer(n, 'camera'), 'negative');
    fs.writeFileSync(file, sdp);
    const broken = execSync(`${answerCommand} ${JSON.stringify(file)}`, { encoding: 'utf8' }).replace(/a=fingerprint:[^\r]*\r\n/g, '');
    fs.rmSync(file);
    const result = await tab.evaluate((n, a) => answer(n, a), 'negative', broken);
    if (!result.startsWith('REJECTED')) failed = true;
    console.log(`negative control (no fingerprint): answer ${result}`);
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
