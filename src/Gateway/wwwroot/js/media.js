// The browser's side of the media plane: one RTCPeerConnection to the SFU of the silo that carries the session.
// The browser always makes the offer. Its own tracks go out on sendonly transceivers (camera, microphone, screen);
// every other participant's track comes in on a recvonly transceiver, added when the session's track list says it exists.
// The hub call Negotiate({sdp, publish: {mid: source}, subscribe: {mid: trackId}}) returns the SFU's answer.
// A path that breaks under a router that is still current (UDP suddenly blocked, a network switch) gets an ICE restart
// first: the same connection, DTLS association and subscriptions, new ICE credentials, so the browser checks every
// candidate again and lands on whichever path works (TCP, the relay). Everything else is met with a fresh
// RTCPeerConnection (new DTLS certificate and ICE credentials, so the SFU replaces the old transport), since a new
// router cannot carry the old DTLS association over: when the connection fails, stays disconnected, never connects, when
// a negotiation fails, when the session says its media router moved, and when an ICE restart did not help.
import { h, toast, friendlyError } from './ui.js';
import { classifyPath, selectedPair } from './check.js';
import { PausedVideo, markPaused } from './paused-video.js';

const SOURCES = ['camera', 'microphone', 'screen'];
/**
 * The camera's simulcast layers, lowest first (the SFU numbers them in this order): a quarter, half and the full
 * 1280×720 capture. Chromium sends all three only from a 720p track (at 640×360 it allows two), which the capture asks
 * for. The caps are Chromium's own target rates for the two lower sizes (150 k, 500 k); the top one is capped at
 * 1.7 Mbit/s instead of its 2.5, since a talking head needs no more. The lowest layer fits a 300 kbit/s link with the
 * microphone beside it.
 */
const CAMERA_LAYERS = [
  { rid: 'q', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
  { rid: 'h', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'f', scaleResolutionDownBy: 1, maxBitrate: 1_700_000 },
];
/** Chromium reports 'disconnected' after 2.5 s without packets; a further 2 s rules out a brief stall. */
const DISCONNECTED_GRACE_MS = 2000;
/**
 * The SFU sends every connection RTCP reports each second (and media, and STUN answers), so this long without a byte
 * means its silo is gone: Chromium's own ICE timers take about 10 s to say so.
 */
const SILENCE_MS = 3000;
/**
 * Silence that is worth an ICE restart (cheap: same connection, no new DTLS) when the router is still current: the SFU
 * sends media or RTCP reports every second, so 2 s of nothing is a broken path, and issue #12 gives a participant
 * 10 s from the break to media flowing again on another path.
 */
const PATH_SILENCE_MS = 2000;
/** A connection not up this long after its answer is given up (DTLS or ICE stuck); Chromium alone may wait much longer. */
const CONNECT_TIMEOUT_MS = 10_000;
/** Back-off between reconnections: 0.5 s doubling up to 5 s, so a cluster that is still electing a new silo is not hammered. */
const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 5000;
/** At most one ICE restart this often: when the path breaks again sooner, the restart did not help and a fresh connection follows. */
const ICE_RESTART_SPACING_MS = 15_000;
/**
 * How long an ICE restart has before another sign of a broken path counts against it: a new offer and answer over the
 * hub, then checks on every candidate (over TCP a connection first); about a second on loopback, more under load.
 */
const ICE_RESTART_GRACE_MS = 4000;
/**
 * This tab's id in media offers. A participant's media lives in one tab: the tab that opened its media last holds it,
 * and the server refuses the other tab's offers ('media-elsewhere') until the person takes the media back there.
 */
const TAB = globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

export class MediaRoom {
  /**
   * @param {import('./session.js').Session} session
   * @param {{ publish: boolean, onChange: () => void }} options publish: false for observers (they only watch)
   */
  constructor(session, { publish, onChange }) {
    this.session = session;
    this.publish = publish;
    this.onChange = onChange ?? (() => {});
    this.local = new Map();   // source → { track, stream, transceiver }
    this.remote = new Map();  // trackId → { info, transceiver, stream }
    this.tracks = [];         // the session's published tracks (from snapshot / 'tracks' events)
    this.started = false;
    this.negotiating = false;
    this.again = false;
    this.restartIce = false;
    this.freshPending = false; // the next round builds a new RTCPeerConnection first
    this.failures = 0;         // reconnections since the connection was last up (back-off)
    this.retryTimer = null;
    this.epoch = 0;            // the media router epoch that answered this connection
    this.latestEpoch = 0;      // the newest epoch the session announced
    this.stoppingEpoch = 0;    // the newest epoch the session said is going away
    this.reconnections = 0;    // fresh connections built after the first (diagnostics, tests)
    this.closed = false;
    this.takeOver = false;     // the next offer moves the participant's media to this tab
    this.elsewhere = false;    // another tab or device holds the media; this one waits for a click to take it back
    this.path = null;          // the media path in use: 'udp', 'tcp' or 'relay' (the selected ICE candidate pair)
    this.reportedPath = null;  // the last path the hosts were told about
    this.pausedVideo = new PausedVideo(); // videos the SFU holds back for this viewer's weak connection (badges)
    globalThis.liveMedia = this; // for diagnostics and browser tests (getStats)
  }

  /** Starts media once: camera and microphone for publishers, then the first negotiation. */
  async start() {
    if (this.started) return;
    this.started = true;
    await this.#open();
  }

  /** Takes the participant's media back from the other tab or device that holds it. */
  async useHere() {
    if (!this.elsewhere || this.closed) return;
    this.elsewhere = false;
    this.failures = 0;
    await this.#open();
  }

  async #open() {
    this.takeOver = true;
    await this.#loadIceServers();
    this.#newConnection();
    if (this.publish) await this.#capture();
    await this.renegotiate();
  }

  /** Opens camera and microphone; a refusal is kept in `deviceError` (the media bar says so and offers a retry). */
  async #capture() {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 1280, height: 720, frameRate: 30 } });
      for (const track of stream.getTracks()) this.#addLocal(track.kind === 'audio' ? 'microphone' : 'camera', track, stream);
      this.deviceError = null;
    } catch (error) {
      this.deviceError = error?.name === 'NotAllowedError' || error?.name === 'SecurityError' ? 'blocked' : 'unavailable';
      this.deviceAttempts = (this.deviceAttempts ?? 0) + 1;
    }
    this.onChange();
  }

  /** Asks for camera and microphone again (after the person allowed them in the browser) and sends them. */
  async retryDevices() {
    if (!this.publish || this.closed || this.elsewhere || this.local.has('camera') || this.local.has('microphone')) return;
    await this.#capture();
    if (!this.deviceError) await this.renegotiate();
  }

  /**
   * The session's media router changed ({epoch, active}): a connection answered by an older router, or by one going
   * away, is replaced at once, which is faster than waiting for ICE to notice that the old silo is gone.
   */
  setRouter(status) {
    if (!status?.epoch) return;
    console.debug(`Media: router epoch ${status.epoch} ${status.active ? 'active' : 'stopping'} (connected to ${this.epoch})`);
    if (status.active) this.latestEpoch = Math.max(this.latestEpoch, status.epoch);
    else this.stoppingEpoch = Math.max(this.stoppingEpoch, status.epoch);
    // A negotiation in flight checks its answer's epoch when it returns (it may well come from the new router).
    if (this.started && !this.negotiating) this.#checkEpoch();
  }

  /** Replaces a connection answered by a router that is no longer the newest, or that is going away. */
  #checkEpoch() {
    if (this.closed || !this.epoch) return;
    if (this.epoch < this.latestEpoch) this.#reconnectSoon('media router moved', true);
    else if (this.epoch <= this.stoppingEpoch) this.#reconnectSoon('media router stopping', true);
  }

  /** The session's track list changed: subscribe to new tracks, drop gone ones. */
  setTracks(tracks) {
    this.tracks = tracks ?? [];
    if (this.started) this.renegotiate();
  }

  get micOn() { return this.local.get('microphone')?.track.enabled ?? false; }
  get cameraOn() { return this.local.get('camera')?.track.enabled ?? false; }
  get sharing() { return this.local.has('screen'); }

  toggleMic() { return this.#toggle('microphone'); }
  toggleCamera() { return this.#toggle('camera'); }

  async shareScreen() {
    if (!this.publish || this.sharing) return;
    let stream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 30 }, audio: false });
    } catch {
      toast('Screen sharing was cancelled.', '');
      return;
    }
    const [track] = stream.getVideoTracks();
    track.contentHint = 'detail'; // text stays sharp: the encoder drops frames before it drops resolution
    track.addEventListener('ended', () => this.stopScreen());
    this.#addLocal('screen', track, stream);
    this.onChange();
    await this.renegotiate();
  }

  async stopScreen() {
    const screen = this.local.get('screen');
    if (!screen) return;
    this.local.delete('screen');
    screen.track.stop();
    screen.transceiver.stop();
    this.onChange();
    await this.renegotiate();
  }

  /** Leaves: stops the camera, microphone and screen, and closes the connection. */
  close() {
    this.closed = true;
    clearTimeout(this.retryTimer);
    for (const l of this.local.values()) l.track.stop();
    for (const r of this.remote.values()) r.audio?.remove();
    this.local.clear();
    this.remote.clear();
    this.pc?.close();
  }

  /** After a reconnect the router may be new (another silo): restart ICE and re-offer everything. */
  reconnect() {
    this.reportedPath = null; // the session may have seen this participant leave meanwhile: tell it the path again
    if (this.started) this.renegotiate({ iceRestart: true });
  }

  /** Runs offer/answer rounds one at a time; changes that arrive meanwhile trigger one more round. */
  async renegotiate({ iceRestart = false } = {}) {
    this.restartIce ||= iceRestart;
    if (this.elsewhere || this.closed) return;
    if (this.negotiating) { this.again = true; return; }
    this.negotiating = true;
    try {
      do {
        this.again = false;
        if (this.freshPending) {
          await this.#loadIceServers();
          this.#newConnection();
        }
        const pc = this.pc;
        this.#syncSubscriptions();
        const offer = await pc.createOffer({ iceRestart: this.restartIce });
        this.restartIce = false;
        await pc.setLocalDescription(offer);
        const publish = {}, subscribe = {};
        for (const [source, l] of this.local) if (l.transceiver.mid) publish[l.transceiver.mid] = source;
        for (const [trackId, r] of this.remote) if (r.transceiver.mid) subscribe[r.transceiver.mid] = trackId;
        const answer = await this.session.connection.invoke('Negotiate', { sdp: pc.localDescription.sdp, publish, subscribe, tab: TAB, takeOver: this.takeOver });
        if (this.closed || pc !== this.pc) return;
        this.takeOver = false;
        const epoch = answer.epoch ?? 0;
        if (this.epoch && epoch && epoch !== this.epoch) {
          // A new router answered a connection an older one set up (the move happened while this round was in
          // flight): its transport is new, so the old DTLS association cannot carry over. Start over on a fresh one.
          console.info(`Media: reconnecting in 0 ms (answer from router epoch ${epoch}, connected to ${this.epoch})`);
          this.freshPending = true;
          this.again = true;
          continue;
        }
        await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
        this.epoch = epoch;
        this.#markUnanswered(answer.tracks ?? []);
        const inactive = [...this.remote.values()].filter(r => r.unanswered).length;
        console.debug(`Media: answered by router epoch ${epoch}: ${this.remote.size} subscriptions, ${inactive} not carried yet`);
        this.answeredAt ??= performance.now();
        this.#watchConnect(pc);
        this.#checkEpoch();
      } while (this.again);
    } catch (error) {
      if (String(error?.message ?? '').includes('media-elsewhere:')) { this.#moveElsewhere(); return; }
      if (this.pc.signalingState === 'have-local-offer') await this.pc.setLocalDescription({ type: 'rollback' }).catch(() => {});
      console.warn('Media negotiation failed', error);
      if (this.failures === 0) toast(friendlyError(error), 'error');
      this.#reconnectSoon('negotiation failed', false);
    } finally {
      this.negotiating = false;
      this.onChange();
    }
  }

  /**
   * Another tab or device took this participant's media: let go of the camera and microphone (their lights go off)
   * and of the connection, and wait for the person to take the media back (useHere).
   */
  #moveElsewhere() {
    console.info('Media: in use in another tab or on another device');
    this.elsewhere = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    for (const l of this.local.values()) l.track.stop();
    this.local.clear();
    for (const r of this.remote.values()) r.audio?.remove();
    this.remote.clear();
    this.pc.onconnectionstatechange = null;
    this.pc.ontrack = null;
    this.pc.close();
  }

  /**
   * The TURN relay and its credentials, minted for this participant by the gateway (GetIceServers): they must be in the
   * RTCPeerConnection before it gathers candidates. Fetched for each new connection, so a reconnection never carries an
   * expired credential; without them (no relay configured, or the call failed) the browser connects directly.
   */
  async #loadIceServers() {
    try {
      this.iceServers = await this.session.connection.invoke('GetIceServers');
    } catch (error) {
      console.warn('Media: no ICE servers', error);
      this.iceServers ??= [];
    }
  }

  /** A new RTCPeerConnection carrying the same local tracks; every subscription starts over on it. */
  #newConnection() {
    this.freshPending = false;
    if (this.pc) {
      this.reconnections++;
      this.pc.onconnectionstatechange = null;
      this.pc.ontrack = null;
      this.pc.close();
    }
    for (const r of this.remote.values()) r.audio?.remove();
    this.remote.clear();
    this.epoch = 0; // no router has answered this connection yet
    this.pairId = undefined; // nor has ICE selected a pair on it
    const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require', iceServers: this.iceServers ?? [] });
    this.pc = pc;
    pc.ontrack = event => this.#onTrack(event);
    pc.onconnectionstatechange = () => this.#onConnectionState(pc);
    this.#watchSilence(pc);
    // The first section tags the BUNDLE group. Were it a subscription (an observer's, or a publisher's without a
    // camera), stopping it when its track goes away would make Chromium move the bundle to a new DTLS transport that
    // the SFU (same certificate, same ICE credentials) does not see as new, and the connection would hang. An
    // inactive section that never stops keeps the tag in place.
    pc.addTransceiver('audio', { direction: 'inactive' });
    for (const [source, l] of this.local) l.transceiver = this.#sendTransceiver(source, l.track, l.sendStream);
  }

  #onConnectionState(pc) {
    if (pc !== this.pc) return;
    const state = pc.connectionState;
    console.debug(`Media: connection ${state}`);
    if (state === 'connected') {
      this.failures = 0;
      this.connectedAt = performance.now();
    } else if (state === 'failed') {
      this.#reconnectSoon('connection failed', false);
    } else if (state === 'disconnected') {
      setTimeout(() => { if (pc === this.pc && pc.connectionState === 'disconnected') this.#pathBroke('connection lost'); }, DISCONNECTED_GRACE_MS);
    }
    this.onChange();
  }

  /**
   * Watches the connection once a second: notes the path its selected candidate pair takes (hosts see it in their
   * roster, and a change when a network stops carrying UDP), and replaces the connection when the SFU falls silent.
   */
  #watchSilence(pc) {
    let lastBytes = -1;
    let changedAt = performance.now();
    const timer = setInterval(async () => {
      if (pc !== this.pc || this.closed) { clearInterval(timer); return; }
      if (pc.connectionState !== 'connected') { changedAt = performance.now(); return; }
      const report = await pc.getStats();
      if (pc !== this.pc) return;
      if (this.pausedVideo.sample(report, this.remote.values())) this.onChange();
      // The browser moved to another candidate pair by itself (its selected path stopped answering): give the new
      // pair its own chance before calling the connection silent.
      if (this.#notePath(report)) { lastBytes = -1; changedAt = performance.now(); return; }
      // With nothing to send or receive the SFU sends nothing but answers to Chromium's consent checks (every ~5 s).
      const quietIsNormal = this.local.size === 0 && this.remote.size === 0;
      if (quietIsNormal) { changedAt = performance.now(); return; }
      // Chromium counts received bytes on its 'transport' stats; Firefox's have no bytesReceived, so there the selected
      // candidate pair's count is used (without it Firefox's pages saw silence and reconnected every few seconds).
      let transportBytes;
      let pairBytes = 0;
      report.forEach(s => {
        if (s.type === 'transport' && typeof s.bytesReceived === 'number') transportBytes = (transportBytes ?? 0) + s.bytesReceived;
        else if (s.type === 'candidate-pair' && (s.selected || s.nominated)) pairBytes += s.bytesReceived ?? 0;
      });
      const bytes = transportBytes ?? pairBytes;
      if (bytes !== lastBytes) { lastBytes = bytes; changedAt = performance.now(); return; }
      const silentFor = performance.now() - changedAt;
      if (silentFor < PATH_SILENCE_MS || (silentFor < SILENCE_MS && !this.#iceRestartWorthTrying())) return;
      if (pc !== this.pc) { clearInterval(timer); return; }
      if (this.#pathBroke('no packets from the SFU')) { changedAt = performance.now(); return; }
      clearInterval(timer);
    }, 1000);
  }

  /**
   * The connection stopped carrying media. Under a router that is still current, an ICE restart (true: the caller keeps
   * watching); otherwise, or when the last restart was recent and did not help, a fresh connection (false).
   */
  #pathBroke(reason) {
    const sinceRestart = performance.now() - (this.iceRestartedAt ?? -Infinity);
    if (sinceRestart < ICE_RESTART_GRACE_MS && !this.closed && !this.elsewhere) return true; // that restart is still under way
    if (!this.#iceRestartWorthTrying()) {
      this.#reconnectSoon(reason, false);
      return false;
    }
    this.iceRestartedAt = performance.now();
    console.info(`Media: restarting ICE (${reason})`);
    const pc = this.pc;
    this.renegotiate({ iceRestart: true });
    setTimeout(() => { if (pc === this.pc && pc.connectionState !== 'connected') this.#reconnectSoon('ICE restart did not connect', false); }, 2 * ICE_RESTART_GRACE_MS);
    return true;
  }

  /** Whether a broken path gets an ICE restart: the router is current, the hub is up, and no restart failed lately. */
  #iceRestartWorthTrying() {
    const routerCurrent = this.epoch && this.epoch >= this.latestEpoch && this.epoch > this.stoppingEpoch;
    const hubUp = this.session.connection.state === 'Connected';
    const restartedLately = performance.now() - (this.iceRestartedAt ?? -Infinity) < ICE_RESTART_SPACING_MS;
    return !this.closed && !this.elsewhere && routerCurrent && hubUp && !restartedLately && this.retryTimer === null;
  }

  /**
   * The path of the selected candidate pair (udp, tcp or relay); a new one is reported through the hub, and the
   * session shows it to hosts beside the participant. A failed report is tried again on the next look. Returns whether
   * the selected pair changed since the last look.
   */
  #notePath(report) {
    const pair = selectedPair(report);
    const pairChanged = !!pair && this.pairId !== undefined && pair.id !== this.pairId;
    if (pair) this.pairId = pair.id;
    if (!pair) return false;
    const path = classifyPath(report.get(pair.localCandidateId));
    if (path === 'failed') return pairChanged;
    if (path !== this.path) {
      console.info(`Media: path ${this.path ?? 'none'} → ${path}`);
      this.path = path;
      this.onChange();
    }
    if (path !== this.reportedPath && !this.reportingPath) {
      this.reportingPath = true;
      this.session.connection.invoke('ReportMediaPath', path)
        .then(() => { this.reportedPath = path; })
        .catch(error => console.warn('Media: path not reported', error))
        .finally(() => { this.reportingPath = false; });
    }
    return pairChanged;
  }

  #watchConnect(pc) {
    setTimeout(() => { if (pc === this.pc && pc.connectionState !== 'connected') this.#reconnectSoon('connection did not come up', false); }, CONNECT_TIMEOUT_MS);
  }

  /**
   * Replaces the connection: at once for a first failure (or when the server asked), then with a growing pause.
   * One reconnection is pending at a time.
   */
  #reconnectSoon(reason, now) {
    if (this.closed || this.elsewhere) return;
    if (now) { clearTimeout(this.retryTimer); this.retryTimer = null; }
    if (this.retryTimer !== null) return;
    const delay = now || this.failures === 0 ? 0 : Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** (this.failures - 1)) * (0.75 + Math.random() / 2);
    this.failures++;
    console.info(`Media: reconnecting in ${Math.round(delay)} ms (${reason})`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed || this.elsewhere) return;
      this.freshPending = true;
      this.renegotiate();
    }, delay);
  }

  /** Puts live video into the tiles (by data-pid) and adds a tile for each screen share. */
  decorate(container) {
    const me = this.session.state?.me?.participantId;
    for (const tile of container.querySelectorAll('.tile[data-pid]')) {
      const pid = tile.dataset.pid;
      const stream = pid === me ? this.local.get('camera')?.stream : this.#remoteStream(pid, 'camera');
      const on = pid === me ? this.cameraOn : !!stream;
      attachVideo(tile, on ? stream : null);
      markPaused(tile, pid !== me && on && this.pausedVideo.isPaused(pid, 'camera'));
    }
    // Screen tiles are kept by whose screen they show, so a share that goes on keeps its <video> across changes.
    const names = new Map((this.session.state?.roster ?? []).map(p => [p.participantId, p.displayName]));
    const screens = [...this.remote.values()].filter(r => r.info.source === 'screen' && r.stream)
      .map(r => ({ pid: r.info.participantId, stream: r.stream }));
    if (this.local.has('screen')) screens.unshift({ pid: me, stream: this.local.get('screen').stream });
    const old = new Map([...container.querySelectorAll(':scope > .tile.screen')].map(t => [t.dataset.screenOf, t]));
    let previous = null;
    for (const { pid, stream } of screens) {
      let tile = old.get(pid);
      old.delete(pid);
      tile ??= h('div', { class: 'tile screen', dataset: { screenOf: pid } }, h('span', { class: 'tile-name' }));
      const label = pid === me ? 'Your screen' : `${names.get(pid) ?? 'Someone'}’s screen`;
      if (tile.lastElementChild.textContent !== label) tile.lastElementChild.textContent = label;
      attachVideo(tile, stream);
      markPaused(tile, pid !== me && this.pausedVideo.isPaused(pid, 'screen'));
      const expected = previous ? previous.nextElementSibling : container.firstElementChild;
      if (expected !== tile) container.insertBefore(tile, expected);
      previous = tile;
    }
    for (const gone of old.values()) gone.remove();
    container.querySelector('.empty')?.remove();
  }

  #remoteStream(participantId, source) {
    for (const r of this.remote.values()) if (r.info.participantId === participantId && r.info.source === source && r.stream) return r.stream;
    return null;
  }

  #addLocal(source, track, stream) {
    const transceiver = this.#sendTransceiver(source, track, stream);
    this.local.set(source, { track, stream: source === 'microphone' ? null : new MediaStream([track]), sendStream: stream, transceiver });
  }

  /**
   * The sendonly transceiver of one local source, on the first connection and on every fresh one. The camera goes
   * out as three simulcast layers, so the SFU can give each viewer the one its link carries; the microphone as one
   * stream; a shared screen as one stream that keeps its resolution (frames go first when bandwidth or CPU run short),
   * so text stays readable: a screen thinned to a quarter of its size would be useless.
   */
  #sendTransceiver(source, track, stream) {
    const init = { direction: 'sendonly', streams: [stream] };
    if (source === 'camera') init.sendEncodings = CAMERA_LAYERS.map(layer => ({ ...layer }));
    const transceiver = this.pc.addTransceiver(track, init);
    if (source === 'screen') {
      const params = transceiver.sender.getParameters();
      params.degradationPreference = 'maintain-resolution';
      transceiver.sender.setParameters(params).catch(() => {});
    }
    return transceiver;
  }

  #toggle(source) {
    const l = this.local.get(source);
    if (!l) return false;
    // Disabled tracks keep flowing as black frames / silence, so nobody has to renegotiate.
    l.track.enabled = !l.track.enabled;
    this.onChange();
    return l.track.enabled;
  }

  #syncSubscriptions() {
    const me = this.session.state?.me?.participantId;
    const wanted = new Map(this.tracks.filter(t => t.participantId !== me && SOURCES.includes(t.source)).map(t => [t.trackId, t]));
    for (const [trackId, r] of this.remote) {
      // Same id, new generation: the publisher started over, so this subscription did too (a new transceiver).
      // One the router did not carry when it answered (inactive) is offered again, since the list now says it exists.
      if (!r.unanswered && wanted.get(trackId)?.generation === r.info.generation) continue;
      r.transceiver.stop();
      r.audio?.remove();
      this.remote.delete(trackId);
    }
    for (const [trackId, info] of wanted) {
      if (this.remote.has(trackId)) continue;
      const transceiver = this.pc.addTransceiver(info.kind, { direction: 'recvonly' });
      this.remote.set(trackId, { info, transceiver, stream: null });
    }
  }

  /**
   * Flags the subscriptions the answer left inactive because the router does not carry their track (yet): after a
   * move, subscribers often offer before the publishers are back, with the generations of the old router.
   */
  #markUnanswered(carried) {
    const carriedIds = new Set(carried.map(t => t.trackId));
    for (const [trackId, r] of this.remote) r.unanswered = !carriedIds.has(trackId);
  }

  #onTrack(event) {
    for (const r of this.remote.values()) {
      if (r.transceiver !== event.transceiver) continue;
      r.stream = new MediaStream([event.track]);
      if (event.track.kind === 'audio') {
        r.audio = h('audio', { autoplay: true, dataset: { trackId: r.info.trackId } });
        r.audio.srcObject = r.stream;
        document.body.append(r.audio);
        playOrOfferSound(r.audio);
      }
      event.track.addEventListener('unmute', () => this.onChange());
    }
    this.onChange();
  }
}

// Video elements carry video only (sound plays through the audio elements), so they are always muted: Chromium lets
// muted media play without a click, and an observer, who captures nothing, would otherwise see black tiles.
function attachVideo(tile, stream) {
  let video = tile.querySelector('video');
  if (!stream) { video?.remove(); tile.classList.remove('has-video'); return; }
  if (!video) {
    video = h('video', { autoplay: true, playsInline: true });
    video.muted = true;
    tile.prepend(video);
  }
  if (video.srcObject !== stream) video.srcObject = stream;
  tile.classList.add('has-video');
}

/**
 * Browsers play sound only once the user has interacted with the page (or while it captures camera or microphone):
 * an observer who opened an invite link and has not clicked yet would hear nothing, silently. So a refused play
 * offers one button that turns the sound on.
 */
function playOrOfferSound(audio) {
  audio.play().catch(error => { if (error?.name === 'NotAllowedError') offerSound(); });
}

let soundOffer = null;

function offerSound() {
  if (soundOffer) return;
  soundOffer = h('button', {
    class: 'sound-offer', type: 'button',
    onclick: () => {
      for (const audio of document.querySelectorAll('audio[data-track-id]')) audio.play().catch(() => {});
      soundOffer.remove();
      soundOffer = null;
    },
  }, '🔈 Turn on sound');
  document.body.append(soundOffer);
}

/** Whether this browser can share a screen at all (phones cannot). */
const canShareScreen = () => typeof navigator.mediaDevices?.getDisplayMedia === 'function';

/** Mute, camera and screen-share buttons for a publisher, kept in step with the room. */
export function mediaBar(room) {
  const mic = h('button', { class: 'btn sm', type: 'button', onclick: () => room.toggleMic() });
  const cam = h('button', { class: 'btn sm', type: 'button', onclick: () => room.toggleCamera() });
  const screen = h('button', { class: 'btn sm', type: 'button', onclick: () => (room.sharing ? room.stopScreen() : room.shareScreen()) });
  screen.hidden = !canShareScreen();
  const bar = h('div', { class: 'media-bar', role: 'toolbar', 'aria-label': 'Your camera, microphone and screen' }, mic, cam, screen);
  const retry = h('button', { class: 'btn sm primary', type: 'button', id: 'devices-retry' }, 'Try again');
  retry.addEventListener('click', async () => { retry.disabled = true; try { await room.retryDevices(); } finally { retry.disabled = false; } });
  const problemText = h('p', {});
  const problem = h('div', { class: 'devices-problem', id: 'devices-problem', role: 'alert', hidden: true }, problemText, retry);
  const wrap = h('div', {}, bar, problem);
  const guest = !['host', 'observer'].includes(room.session.state?.me?.role);
  wrap.update = () => {
    mic.textContent = room.micOn ? '🎙️ Mute' : '🔇 Unmute';
    mic.setAttribute('aria-pressed', String(!room.micOn));
    cam.textContent = room.cameraOn ? '📷 Camera off' : '📷 Camera on';
    mic.disabled = !room.local.has('microphone');
    cam.disabled = !room.local.has('camera');
    screen.textContent = room.sharing ? '⏹ Stop sharing' : '🖥️ Share screen';
    screen.disabled = room.elsewhere;
    screen.classList.toggle('danger', room.sharing);
    problem.hidden = !room.deviceError || room.local.has('camera') || room.local.has('microphone');
    if (problem.hidden) return;
    const what = room.deviceError === 'blocked'
      ? 'Your browser blocked the camera and microphone, so nobody can see or hear you.'
      : 'No camera or microphone could be opened, so nobody can see or hear you.';
    const still = guest ? ' You can still follow the questions, vote in polls and react.' : ' You can still run the session.';
    const how = room.deviceAttempts > 1 && room.deviceError === 'blocked'
      ? ' Allow them in the site settings (the icon left of the address), then press Try again.'
      : ' Allow them when your browser asks, then press Try again.';
    problemText.textContent = what + still + how;
  };
  wrap.update();
  return wrap;
}

/**
 * Media for a page's stage: starts once the participant is admitted, follows the session's track list, keeps
 * video in the tiles and (for publishers) a bar of media buttons in `barSlot`. Pages call update() after rendering.
 */
export function stageMedia(session, { publish, tiles, barSlot }) {
  let room = null;
  let bar = null;
  const notice = elsewhereNotice(publish);
  return {
    update(s, change) {
      if (s.phase === 'ended' || (s.me.admission !== 'admitted' && room)) { room?.close(); room = null; barSlot?.replaceChildren(); notice.update(null); return; }
      if (s.me.admission !== 'admitted') return;
      if (!room) {
        room = new MediaRoom(session, { publish, onChange: () => { room?.decorate(tiles); bar?.update(); notice.update(room); } });
        if (publish && barSlot) { bar = mediaBar(room); barSlot.replaceChildren(bar); }
        room.tracks = s.tracks ?? [];
        room.start();
      } else if (change === 'snapshot' || change === 'tracks') {
        if (change === 'snapshot') room.setRouter({ epoch: s.mediaEpoch, active: true });
        room.setTracks(s.tracks);
      } else if (change === 'media') {
        room.setRouter(s.media);
      }
      room.decorate(tiles);
    },
    reconnect() { room?.reconnect(); },
  };
}

/**
 * Shown while another tab or device holds this participant's media (the same invite opened twice): says where the
 * media went and offers to bring it back here.
 */
function elsewhereNotice(publish) {
  const use = h('button', { class: 'btn primary sm', type: 'button' }, 'Use this tab instead');
  const box = h('div', { class: 'media-elsewhere', role: 'alert', hidden: true },
    h('p', {}, publish
      ? 'Your camera and microphone are in use in another tab or on another device, so this tab has let go of them.'
      : 'The session’s video is playing in another tab or on another device.'),
    use);
  let current = null;
  use.addEventListener('click', () => current?.useHere());
  document.body.append(box);
  box.update = room => {
    current = room;
    box.hidden = !room?.elsewhere;
  };
  return box;
}
