// Drives Debian's firefox-esr over WebDriver BiDi (puppeteer-core) for the C# browser tests (FirefoxBrowser.cs).
// Protocol: one JSON object a line on stdin, one answer a line on stdout, matched by "id":
//   {"id":1,"op":"open","url":"http://127.0.0.1:5000/"}            -> {"id":1,"page":0}
//   {"id":2,"op":"eval","page":0,"script":"id => stats(id)","arg":"bob"} -> {"id":2,"result":{...}}
//   {"id":3,"op":"close"}                                          -> {"id":3} and the process exits
// A failure answers {"id":n,"error":"..."}. Console messages and page errors go to stderr, one a line.
// The script is a function's source; it is called with the one argument "arg" (JSON), as Playwright's EvaluateAsync does.
import puppeteer from 'puppeteer-core';
import readline from 'node:readline';

const executablePath = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

// Firefox's fake camera and microphone, no permission prompts, and host candidates on every interface including
// loopback, without mDNS names, so it can reach a server on 127.0.0.1. Firefox gathers only the default route's
// interface (eth0 here, never lo) unless the page is capturing or holds a camera or microphone permission, and a
// capture of fake devices does not count: the permissions.default prefs grant both, so a page that only watches
// gathers loopback too.
const prefs = {
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.no_host': false,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
};

// FIREFOX_HEADLESS=0 runs a windowed Firefox (FirefoxBrowser starts it under Xvfb): headless Firefox has no screen, so
// getDisplayMedia fails with NotFoundError; on an X display it captures "Primary Monitor" without a prompt (the
// permission pref above).
const headless = process.env.FIREFOX_HEADLESS !== '0';

const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath,
  headless,
  protocol: 'webDriverBiDi',
  extraPrefsFirefox: prefs,
});
const pages = [];

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\n');
}

async function handle(request) {
  switch (request.op) {
    case 'open': {
      const page = await browser.newPage();
      const index = pages.length;
      pages.push(page);
      page.on('console', m => process.stderr.write(`page ${index} console: ${m.text()}\n`));
      page.on('pageerror', e => process.stderr.write(`page ${index} error: ${e}\n`));
      await page.goto(request.url);
      return { page: index };
    }
    case 'eval': {
      const page = pages[request.page];
      if (!page) throw new Error(`no page ${request.page}`);
      const fn = new Function(`return (${request.script});`)();
      const result = await page.evaluate(fn, request.arg ?? null);
      return { result: result ?? null };
    }
    case 'version':
      return { result: await browser.version() };
    case 'close':
      return {};
    default:
      throw new Error(`unknown op ${request.op}`);
  }
}

const lines = readline.createInterface({ input: process.stdin });
let closing = false;
lines.on('line', async line => {
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    send({ id: null, error: `bad request: ${e.message}` });
    return;
  }
  try {
    const answer = await handle(request);
    if (request.op === 'close') {
      closing = true;
      await browser.close();
    }
    send({ id: request.id, ...answer });
    if (closing) process.exit(0);
  } catch (e) {
    send({ id: request.id, error: String(e && e.stack || e) });
  }
});
lines.on('close', async () => {
  if (!closing) {
    await browser.close().catch(() => {});
    process.exit(0);
  }
});
send({ id: 0, ready: true, version: await browser.version() });
