// Live signaling adapter for the shared werift SFU load client (../shared/peers/janus/client/bench.cjs, ADAPTER=<this file>).
// It drives Live the way a browser does: REST (API key) for the session and the invites, the SignalR hub
// /hubs/session for everything else, and the hub method Negotiate({sdp, publish: {mid: source}, subscribe: {mid: trackId}})
// -> {sdp, tracks}. The client always offers; the SFU is ICE-lite with one host candidate and does not trickle.
//   bench process (role "bench"): setup() creates a session and a host invite and hands both to the publisher
//                                 process through its environment (bench.cjs forks the publisher with process.env).
//   publisher process           : publish() joins as the host, goes live, offers the two sendonly tracks as
//                                 camera (VP8) and microphone (Opus) and returns their track ids.
//   subscriber i                : subscribe() invites observer i, joins the hub, offers two recvonly transceivers and
//                                 subscribes them to the publisher's tracks. Observers are admitted without a lobby.
// Env: SFU_URL (gateway base URL, e.g. http://127.0.0.1:5080), LIVE_API_KEY (the gateway's Live__Auth__ApiKey).
"use strict";
const { performance } = require("perf_hooks");
const signalR = require("@microsoft/signalr");

let o, base, apiKey;
const connections = [];

async function rest(method, path, body, headers = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { "content-type": "application/json", "x-api-key": apiKey, ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

const invite = (sessionId, role, displayName) => rest("POST", `/api/sessions/${sessionId}/invites`, { role, displayName });

async function connect(token) {
  const c = new signalR.HubConnectionBuilder()
    .withUrl(base + "/hubs/session", {
      accessTokenFactory: () => token,
      transport: signalR.HttpTransportType.WebSockets,
      skipNegotiation: true,
    })
    .configureLogging(signalR.LogLevel.Error)
    .build();
  let refused = null;
  c.on("Event", (type, data) => { if (type === "refused") refused = data; });
  await c.start();
  connections.push(c);
  if (refused) throw new Error("refused: " + JSON.stringify(refused));
  return c;
}

// Offer (the SFU never offers), wait for complete gathering (no trickle), Negotiate, apply the answer.
async function negotiate(conn, pc, publish, subscribeFor, deadline) {
  await pc.setLocalDescription(await pc.createOffer());
  await o.waitGathering(pc, deadline);
  const mids = pc.getTransceivers().map((t) => t.mid);
  const answer = await conn.invoke("Negotiate", { sdp: pc.localDescription.sdp, publish: publish(mids), subscribe: subscribeFor(mids) });
  await pc.setRemoteDescription({ type: "answer", sdp: answer.sdp });
  return answer;
}

// Diagnostics in the client log: every ICE or connection state a subscriber reaches after it first connected (werift
// fails ICE when its consent checks go unanswered for 30 s, RFC 7675), with the seconds since it connected.
const lateStates = { count: 0 };
function watch(who, pc) {
  let connectedAt = null;
  const note = (what, s) => {
    if (s === "connected" && connectedAt === null) { connectedAt = performance.now(); return; }
    if (connectedAt === null || ["connected", "completed", "closed"].includes(s)) return;
    lateStates.count++;
    o.log(`${who}: ${what} ${s} ${((performance.now() - connectedAt) / 1000).toFixed(1)} s after connecting`);
  };
  pc.iceConnectionStateChange.subscribe((s) => note("ice", s));
  pc.connectionStateChange.subscribe((s) => note("pc", s));
}

module.exports = {
  name: "live",
  needsPublisher: true,
  async setup(opts) {
    o = opts;
    base = opts.url.replace(/\/+$/, "");
    apiKey = opts.env.LIVE_API_KEY || "";
    if (!apiKey) throw new Error("LIVE_API_KEY is not set");
    if (opts.role !== "bench") return;
    const session = await rest("POST", "/api/sessions", { title: "SFU bench", kind: "focusGroup", guide: ["bench"] });
    const host = await invite(session.id, "host", "Bench publisher");
    // bench.cjs forks the publisher with {...process.env}: this is how the publisher learns the session.
    process.env.LIVE_SESSION_ID = session.id;
    process.env.LIVE_HOST_TOKEN = host.token;
    opts.log(`live session ${session.id}`);
  },
  async publish(pc) {
    const deadline = performance.now() + o.connectTimeoutMs;
    const sessionId = o.env.LIVE_SESSION_ID;
    const conn = await connect(o.env.LIVE_HOST_TOKEN);
    await conn.invoke("GoLive");
    const [video, audio] = pc.getTransceivers(); // bench.cjs adds video (VP8) then audio (Opus)
    const answer = await negotiate(conn, pc,
      () => ({ [video.mid]: "camera", [audio.mid]: "microphone" }), () => ({}), deadline);
    const track = (source) => (answer.tracks.find((t) => t.source === source) || {}).trackId;
    const publication = { sessionId, video: track("camera"), audio: track("microphone") };
    if (!publication.video || !publication.audio) throw new Error("tracks missing in the answer: " + JSON.stringify(answer.tracks));
    return publication;
  },
  async subscribe(index, publication, createPc) {
    const deadline = performance.now() + o.connectTimeoutMs;
    const observer = await invite(publication.sessionId, "observer", `Bench subscriber ${index + 1}`);
    const conn = await connect(observer.token);
    const pc = createPc();
    watch(`sub ${index}`, pc);
    pc.addTransceiver("video", { direction: "recvonly" });
    pc.addTransceiver("audio", { direction: "recvonly" });
    await negotiate(conn, pc, () => ({}), (mids) => ({ [mids[0]]: publication.video, [mids[1]]: publication.audio }), deadline);
    return pc;
  },
  async teardown() {
    if (o && o.role === "bench") o.log(`subscriber state changes after connecting: ${lateStates.count}`);
    await Promise.allSettled(connections.map((c) => c.stop()));
  },
};
