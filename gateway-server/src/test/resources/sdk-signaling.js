// Drives two FerryPeer clients (the SDK as served by a running gateway) through the gateway's
// real /signaling/ws relay, with a stub RTCPeerConnection: this checks the SDK's signaling logic
// (register, offer/answer/candidate routing, candidate queueing, errors), not WebRTC itself.
// usage: node --experimental-websocket sdk-signaling.js http://127.0.0.1:PORT
'use strict';
const server = process.argv[2];
const log = [];

class StubPeerConnection {
  constructor(config) {
    this.config = config;
    this.remote = null;
    this.local = null;
    this.candidates = [];
    this.tracks = 0;
    this.transceivers = [];
    this.channels = [];
    this.connectionState = 'new';
  }
  addTrack() { this.tracks += 1; }
  addTransceiver(kind, init) { this.transceivers.push(kind + ':' + init.direction); }
  createDataChannel(label, opts) {
    const ch = { label: label, opts: opts, send() {} };
    this.channels.push(ch);
    return ch;
  }
  async createOffer() { return { type: 'offer', sdp: 'v=0\r\no=stub-offer\r\n' }; }
  async createAnswer() {
    if (!this.remote) throw new Error('answer before offer');
    return { type: 'answer', sdp: 'v=0\r\no=stub-answer\r\n' };
  }
  async setLocalDescription(d) {
    this.local = d;
    // like a browser: candidates come in later tasks, after the description is set
    setTimeout(() => this.onicecandidate && this.onicecandidate({
      candidate: { toJSON: () => ({ candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 9 typ host', sdpMid: '0' }) } }), 0);
  }
  async setRemoteDescription(d) { this.remote = d; changed(); }
  async addIceCandidate(c) {
    if (!this.remote) throw new Error('InvalidStateError: candidate before remote description');
    this.candidates.push(c);
    changed();
  }
  close() { this.connectionState = 'closed'; }
}
globalThis.RTCPeerConnection = StubPeerConnection;

function once(target, type) {
  return new Promise((resolve) => target.addEventListener(type, (e) => resolve(e.detail), { once: true }));
}

// waits for a condition on the stubs, re-checked whenever a stub changes (bounded, no polling)
const waiters = [];
function changed() {
  for (let i = waiters.length - 1; i >= 0; i--) {
    if (waiters[i].check()) waiters.splice(i, 1)[0].resolve();
  }
}
function until(check) {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    waiters.push({ check: check, resolve: resolve });
    setTimeout(() => reject(new Error('timed out waiting for ' + check)), 5000).unref();
  });
}

(async () => {
  const source = await (await fetch(server + '/sdk/ferry.js')).text();
  new Function(source)();
  const FerryPeer = globalThis.FerryPeer;

  const alice = new FerryPeer('sdk-alice', { server: server });
  const bob = new FerryPeer('sdk-bob', { server: server });
  await Promise.all([once(alice, 'open'), once(bob, 'open')]);

  const incoming = once(bob, 'call');
  const call = await alice.call('sdk-bob');
  const bobCall = (await incoming).call;
  await bobCall.answer();
  await until(() => call.pc.remote && call.pc.candidates.length === 1 && bobCall.pc.candidates.length === 1);

  const incomingConn = once(bob, 'connection');
  const conn = await alice.connect('sdk-bob', { ordered: false, maxRetransmits: 2, label: 'chat' });
  const bobConn = (await incomingConn).connection;
  await until(() => conn.pc.remote && conn.pc.remote.type === 'answer');

  const errorEvent = once(alice, 'error');
  await alice.call('sdk-nobody');
  const error = await errorEvent;

  const closed = once(bobCall, 'close');
  call.close();
  await closed;

  const result = {
    callerRemote: call.pc.remote.sdp,
    calleeRemote: bobCall.pc.remote.sdp,
    callerSentTransceivers: call.pc.transceivers,
    callerCandidates: call.pc.candidates.length,
    calleeCandidates: bobCall.pc.candidates.length,
    callRemoteId: bobCall.remoteId,
    connKind: bobConn.kind,
    channelLabel: conn.pc.channels[0].label,
    channelOpts: conn.pc.channels[0].opts,
    connAnswered: conn.pc.remote.type,
    errorField: error.field,
    errorMessage: error.message,
    calleeClosed: bobCall.closed === true,
  };
  console.log('RESULT ' + JSON.stringify(result));
  alice.destroy();
  bob.destroy();
  setTimeout(() => process.exit(0), 50);
})().catch((e) => {
  console.log('FAILED ' + (e && e.stack || e));
  process.exit(1);
});
