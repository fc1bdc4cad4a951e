namespace Live.Tests.E2E.Media;

/// <summary>The page the browser tests load: publish, subscribe and stats helpers around one RTCPeerConnection each.</summary>
internal static class SfuTestPage
{
    public const string Html = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>sfu test</title></head>
        <body>
        <script>
        window.pcs = {};
        async function negotiate(participantId, pc, publish, subscribe, hidden) {
          const offer = await pc.createOffer();
          await pc.setLocalDescription(offer);
          const pub = {}; const sub = {};
          for (const t of pc.getTransceivers()) {
            if (publish[t.sender.track?.kind]) pub[t.mid] = publish[t.sender.track.kind];
            if (t.__producerId) sub[t.mid] = t.__producerId;
          }
          const response = await fetch('/negotiate', { method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ participantId, sdp: pc.localDescription.sdp, publish: pub, subscribe: sub, hidden: !!hidden }) });
          const result = await response.json();
          if (result.error) throw new Error(result.error);
          // rewriteAnswer: a test may point this browser at an impairment relay instead of the SFU's port.
          await pc.setRemoteDescription({ type: 'answer', sdp: window.rewriteAnswer ? window.rewriteAnswer(result.sdp) : result.sdp });
          return result.producers;
        }
        window.publish = async (participantId) => {
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 320, height: 240, frameRate: 15 } });
          const pc = new RTCPeerConnection();
          window.pcs[participantId] = pc;
          for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
          return await negotiate(participantId, pc, { audio: 'Microphone', video: 'Camera' }, {});
        };
        window.publishVideo = async (participantId, width, height, frameRate) => {
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width, height, frameRate } });
          const pc = new RTCPeerConnection();
          window.pcs[participantId] = pc;
          for (const track of stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
          return await negotiate(participantId, pc, { audio: 'Microphone', video: 'Camera' }, {});
        };
        // A screen share stand-in: headless Chromium has no screen to capture, so a canvas of text that changes every frame.
        window.publishCanvas = async (participantId, width, height, frameRate) => {
          const canvas = document.createElement('canvas');
          canvas.width = width; canvas.height = height;
          document.body.appendChild(canvas);
          const g = canvas.getContext('2d');
          g.fillStyle = '#fff'; g.fillRect(0, 0, width, height);
          g.fillStyle = '#000'; g.font = '14px monospace';
          for (let y = 16; y < height; y += 18) g.fillText(`line ${y} ` + 'lorem ipsum dolor sit amet '.repeat(6), 4, y);
          // Like a document being scrolled through and typed in: a band of new text each frame, the rest unchanged.
          let n = 0;
          setInterval(() => {
            n++;
            const y = (n * 18) % (height - 40);
            g.fillStyle = '#fff'; g.fillRect(0, y, width, 40);
            g.fillStyle = '#000';
            g.fillText(`frame ${n} ` + 'the quick brown fox jumps over the lazy dog '.repeat(4), 4, y + 16);
            g.fillText(`frame ${n} ` + 'pack my box with five dozen liquor jugs '.repeat(4), 4, y + 34);
          }, 1000 / frameRate);
          const track = canvas.captureStream(frameRate).getVideoTracks()[0];
          track.contentHint = 'detail';
          const pc = new RTCPeerConnection();
          window.pcs[participantId] = pc;
          const t = pc.addTransceiver(track, { direction: 'sendonly' });
          const params = t.sender.getParameters();
          params.degradationPreference = 'maintain-resolution';
          await t.sender.setParameters(params).catch(() => {});
          return await negotiate(participantId, pc, { video: 'Screen' }, {});
        };
        // A real screen share: Chromium's fake capture device gives a synthetic monitor; Firefox needs an X display
        // (FirefoxBrowser with a screen) and shares it without a prompt.
        window.publishScreen = async (participantId) => {
          const stream = await navigator.mediaDevices.getDisplayMedia({ video: { frameRate: 15 }, audio: false });
          const pc = new RTCPeerConnection();
          window.pcs[participantId] = pc;
          pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly', streams: [stream] });
          return await negotiate(participantId, pc, { video: 'Screen' }, {});
        };
        // hidden: negotiate as an observer would (the SFU never asks the publisher for a keyframe on its behalf).
        window.subscribe = async (participantId, producers, hidden) => {
          const pc = new RTCPeerConnection();
          window.pcs[participantId] = pc;
          for (const p of producers) {
            const t = pc.addTransceiver(p.kind, { direction: 'recvonly' });
            t.__producerId = p.id;
          }
          const started = performance.now();
          await negotiate(participantId, pc, {}, {}, hidden);
          return started;
        };
        window.stats = async (participantId) => {
          const pc = window.pcs[participantId];
          const out = { videoFramesDecoded: 0, videoFrameWidth: 0, videoFrameHeight: 0, videoFramesPerSecond: 0, videoPacketsReceived: 0, videoNacks: 0, videoPacketsLost: 0, audioPacketsReceived: 0,
            videoPacketsSent: 0, videoFramesEncoded: 0, audioPacketsSent: 0, pliReceived: 0, firReceived: 0, keyFramesEncoded: 0, nackReceived: 0, retransmittedPacketsSent: 0,
            availableOutgoingBitrate: 0, sentWidth: 0, sentHeight: 0, sentFps: 0, qualityLimitationReason: '', sentBytes: 0,
            receivedWidth: 0, receivedHeight: 0, receivedFps: 0,
            ice: pc.iceConnectionState, connection: pc.connectionState, dtls: '', videoCodec: '', localProtocol: '', localCandidateType: '', remotePort: 0 };
          let pairId = '';
          const report = await pc.getStats();
          report.forEach(s => {
            if (s.type === 'inbound-rtp' && s.kind === 'video') { out.videoFramesDecoded += s.framesDecoded || 0; out.videoFrameWidth = Math.max(out.videoFrameWidth, s.frameWidth || 0); out.videoFrameHeight = Math.max(out.videoFrameHeight, s.frameHeight || 0); out.videoFramesPerSecond = Math.max(out.videoFramesPerSecond, s.framesPerSecond || 0); out.videoPacketsReceived += s.packetsReceived || 0; out.videoNacks += s.nackCount || 0; out.videoPacketsLost += s.packetsLost || 0; }
            if (s.type === 'inbound-rtp' && s.kind === 'audio') out.audioPacketsReceived += s.packetsReceived || 0;
            if (s.type === 'outbound-rtp' && s.kind === 'video') { out.videoPacketsSent += s.packetsSent || 0; out.videoFramesEncoded += s.framesEncoded || 0; out.pliReceived += s.pliCount || 0; out.firReceived += s.firCount || 0; out.keyFramesEncoded += s.keyFramesEncoded || 0; out.nackReceived += s.nackCount || 0; out.retransmittedPacketsSent += s.retransmittedPacketsSent || 0; }
            if (s.type === 'outbound-rtp' && s.kind === 'audio') out.audioPacketsSent += s.packetsSent || 0;
            if (s.type === 'transport') { out.dtls = s.dtlsState; pairId = s.selectedCandidatePairId || ''; }
            // Firefox has no selectedCandidatePairId: its chosen pair says selected (or nominated and succeeded).
            if (s.type === 'candidate-pair' && !pairId && (s.selected || (s.nominated && s.state === 'succeeded'))) pairId = s.id;
            if (s.type === 'codec' && s.mimeType && s.mimeType.startsWith('video/') && !/rtx|red|ulpfec/i.test(s.mimeType)) out.videoCodec = s.mimeType;
            if (s.type === 'candidate-pair' && s.availableOutgoingBitrate) out.availableOutgoingBitrate = Math.max(out.availableOutgoingBitrate, s.availableOutgoingBitrate);
            if (s.type === 'outbound-rtp' && s.kind === 'video') { out.sentWidth = s.frameWidth || 0; out.sentHeight = s.frameHeight || 0; out.sentFps = s.framesPerSecond || 0; out.qualityLimitationReason = s.qualityLimitationReason || ''; out.sentBytes = s.bytesSent || 0; }
            if (s.type === 'inbound-rtp' && s.kind === 'video') { out.receivedWidth = s.frameWidth || 0; out.receivedHeight = s.frameHeight || 0; out.receivedFps = s.framesPerSecond || 0; }
          });
          // The selected pair's local candidate says which path ICE chose: protocol udp or tcp, type host or relay.
          const pair = pairId ? report.get(pairId) : null;
          const local = pair ? report.get(pair.localCandidateId) : null;
          const remote = pair ? report.get(pair.remoteCandidateId) : null;
          if (local) { out.localProtocol = local.protocol || ''; out.localCandidateType = local.candidateType || ''; }
          if (remote) out.remotePort = remote.port || 0;
          const sending = pc.getSenders().map(x => x.track).find(t => t && t.kind === 'video');
          if (sending) { const v = sending.getSettings(); out.trackSettings = `${v.width}x${v.height}@${v.frameRate}`; }
          out.now = performance.now();
          return out;
        };
        </script>
        </body></html>
        """;
}
