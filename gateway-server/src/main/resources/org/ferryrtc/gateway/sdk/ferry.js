// FerryRTC browser client, served by the gateway at /sdk/ferry.js.
//
//   const peer = new FerryPeer('alice', { server: 'http://127.0.0.1:8000', key: undefined });
//   peer.addEventListener('open', () => ...);
//   const call = await peer.call('bob', stream);            // FerryCall
//   call.addEventListener('stream', e => video.srcObject = e.detail.stream);
//   peer.addEventListener('call', e => e.detail.call.answer(stream));
//   const conn = await peer.connect('bob', { ordered: true }); // FerryConnection (a DataChannel)
//   peer.addEventListener('connection', e => e.detail.connection.addEventListener('data', ...));
//
// options.key is the gateway's API key (needed when it has one, i.e. always off loopback): it
// goes on the WebSocket URL as ?access_token=<key> (RFC 6750 §2.3), the one credential channel a
// browser WebSocket has. (options.apiKey is the older name, still accepted.)
//
// Signaling runs over the gateway's /signaling/ws relay. Between two browsers the gateway only
// relays; calling or connecting to a REST-created peer reaches the gateway itself, which
// terminates WebRTC for that peer (and calls or connects to browsers on REST requests).
(function (global) {
  'use strict';

  function wsUrl(server, apiKey) {
    const u = new URL('/signaling/ws', server || global.location.href);
    u.protocol = u.protocol === 'https:' ? 'wss:' : 'ws:';
    if (apiKey) u.searchParams.set('access_token', apiKey);
    return u.toString();
  }

  function emit(target, type, detail) {
    target.dispatchEvent(new CustomEvent(type, { detail: detail }));
  }

  // the RTCDataChannelInit members ferry.js passes on (unknown keys dropped, absent ones left out)
  function dcInitOf(o) {
    const init = {};
    ['ordered', 'maxPacketLifeTime', 'maxRetransmits', 'protocol', 'negotiated', 'id'].forEach((k) => {
      if (o[k] !== undefined && o[k] !== null) init[k] = o[k];
    });
    return init;
  }

  let nextId = 0;
  function newId(prefix) {
    nextId += 1;
    return prefix + '-' + Date.now().toString(36) + '-' + nextId;
  }

  class FerrySession extends EventTarget {
    constructor(peer, remoteId, id, kind) {
      super();
      this.peer = peer;
      this.remoteId = remoteId;
      this.id = id;
      this.kind = kind;
      this.remoteSet = false;
      this.pendingCandidates = []; // candidates that arrive before the remote description
      this.pc = new RTCPeerConnection(peer.options.rtcConfig || {});
      this.pc.onicecandidate = (e) => {
        if (e.candidate) peer._send({ type: 'candidate', to: remoteId, session: id, candidate: e.candidate.toJSON() });
      };
      this.pc.onconnectionstatechange = () => {
        if (this.pc.connectionState === 'failed' || this.pc.connectionState === 'closed') this.close();
      };
    }

    async _remote(description) {
      await this.pc.setRemoteDescription(description);
      this.remoteSet = true;
      const queued = this.pendingCandidates;
      this.pendingCandidates = [];
      for (const c of queued) await this.pc.addIceCandidate(c);
    }

    async _candidate(candidate) {
      if (this.remoteSet) await this.pc.addIceCandidate(candidate);
      else this.pendingCandidates.push(candidate);
    }

    async _offer() {
      const offer = await this.pc.createOffer();
      await this.pc.setLocalDescription(offer);
      const msg = { type: 'offer', to: this.remoteId, session: this.id, kind: this.kind, sdp: offer.sdp };
      // a data offer names its channel: the answerer must create a negotiated channel itself
      if (this.dcInit) { msg.dcInit = this.dcInit; msg.label = this.label; }
      this.peer._send(msg);
    }

    async _answer() {
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      this.peer._send({ type: 'answer', to: this.remoteId, session: this.id, sdp: answer.sdp });
    }

    close() {
      if (this.closed) return;
      this.closed = true;
      this.peer._send({ type: 'bye', to: this.remoteId, session: this.id });
      this._closed();
    }

    _closed() {
      this.closed = true;
      try { this.pc.close(); } catch (e) { /* already closed */ }
      this.peer.sessions.delete(this.id);
      emit(this, 'close', {});
    }
  }

  class FerryCall extends FerrySession {
    constructor(peer, remoteId, id) {
      super(peer, remoteId, id, 'media');
      this.pc.ontrack = (e) => emit(this, 'stream', { stream: e.streams[0], track: e.track });
    }

    /** Answers an incoming call with a local stream (or none: receive-only). */
    async answer(stream) {
      if (stream) stream.getTracks().forEach((t) => this.pc.addTrack(t, stream));
      await this._answer();
    }
  }

  class FerryConnection extends FerrySession {
    constructor(peer, remoteId, id) {
      super(peer, remoteId, id, 'data');
      this.pc.ondatachannel = (e) => this._attach(e.channel);
    }

    _attach(channel) {
      this.channel = channel;
      channel.binaryType = 'arraybuffer';
      channel.onopen = () => emit(this, 'open', {});
      channel.onmessage = (e) => emit(this, 'data', { data: e.data });
      channel.onclose = () => this._closed();
    }

    send(data) {
      this.channel.send(data);
    }
  }

  class FerryPeer extends EventTarget {
    constructor(peerId, options) {
      super();
      this.id = peerId;
      this.options = options || {};
      this.sessions = new Map();
      this.open = false;
      this.ws = new WebSocket(wsUrl(this.options.server, this.options.key || this.options.apiKey));
      this.ws.onopen = () => this._send({ type: 'register', peer_id: peerId });
      this.ws.onmessage = (e) => this._receive(JSON.parse(e.data));
      this.ws.onclose = () => {
        // refused before registering (a wrong or missing API key answers the upgrade 401/403)
        if (!this.open && !this.destroyed) emit(this, 'error', { field: 'key', message: 'the gateway closed the signaling socket before registration (API key?)' });
        this.open = false;
        this.sessions.forEach((s) => s._closed());
        emit(this, 'close', {});
      };
    }

    _send(msg) {
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
    }

    async _receive(msg) {
      switch (msg.type) {
        case 'registered':
          this.open = true;
          emit(this, 'open', { peerId: msg.peer_id });
          return;
        case 'error':
          emit(this, 'error', { field: msg.field, message: msg.message });
          return;
        case 'offer': {
          const session = msg.kind === 'data'
            ? new FerryConnection(this, msg.from, msg.session)
            : new FerryCall(this, msg.from, msg.session);
          this.sessions.set(msg.session, session);
          await session._remote({ type: 'offer', sdp: msg.sdp });
          if (msg.kind === 'data' && msg.dcInit && msg.dcInit.negotiated) {
            // no DCEP for a negotiated channel (RFC 8832 §6): open our half with the same id
            try {
              session._attach(session.pc.createDataChannel(msg.label || 'ferry', dcInitOf(msg.dcInit)));
            } catch (err) {
              emit(this, 'error', { field: 'dcInit', message: 'cannot open the negotiated channel: ' + err.message });
              session.close();
              return;
            }
          }
          if (msg.kind === 'data') {
            emit(this, 'connection', { connection: session });
            await session._answer();
          } else {
            emit(this, 'call', { call: session });
          }
          return;
        }
        case 'answer': {
          const s = this.sessions.get(msg.session);
          if (s) await s._remote({ type: 'answer', sdp: msg.sdp });
          return;
        }
        case 'candidate': {
          const s = this.sessions.get(msg.session);
          if (s && msg.candidate) await s._candidate(msg.candidate);
          return;
        }
        case 'bye': {
          const s = this.sessions.get(msg.session);
          if (s) s._closed();
          return;
        }
        default:
          emit(this, 'error', { field: 'type', message: 'unexpected message ' + msg.type });
      }
    }

    /** Calls targetId with a local MediaStream (or none: receive-only). */
    async call(targetId, stream) {
      const call = new FerryCall(this, targetId, newId(this.id));
      this.sessions.set(call.id, call);
      if (stream) {
        stream.getTracks().forEach((t) => call.pc.addTrack(t, stream));
      } else {
        call.pc.addTransceiver('audio', { direction: 'recvonly' });
        call.pc.addTransceiver('video', { direction: 'recvonly' });
      }
      await call._offer();
      return call;
    }

    /**
     * Opens a DataChannel to targetId. options: RTCDataChannelInit (ordered, maxPacketLifeTime,
     * maxRetransmits, protocol, negotiated, id), given directly or as options.dcInit (the SkyWay
     * shape), plus an optional label. A negotiated channel ({negotiated: true, id}) is created on
     * both sides with that id: the offer carries dcInit and the answering side (ferry.js or the
     * gateway) opens its half itself.
     */
    async connect(targetId, options) {
      const o = options || {};
      const label = o.label || 'ferry';
      const init = dcInitOf(o.dcInit || o);
      const conn = new FerryConnection(this, targetId, newId(this.id));
      conn.label = label;
      conn.dcInit = init;
      this.sessions.set(conn.id, conn);
      conn._attach(conn.pc.createDataChannel(label, init)); // throws TypeError for a bad init (e.g. negotiated without id)
      await conn._offer();
      return conn;
    }

    destroy() {
      this.destroyed = true;
      this.sessions.forEach((s) => s.close());
      this.ws.close();
    }
  }

  global.FerryPeer = FerryPeer;
  if (typeof module !== 'undefined') module.exports = { FerryPeer: FerryPeer };
})(typeof window !== 'undefined' ? window : globalThis);
