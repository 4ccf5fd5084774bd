package org.ferryrtc.peer;

/** JavaScript helpers evaluated in the Chromium page before the interop tests' own code. */
final class ChromiumJs {
    private ChromiumJs() {
    }

    /** Defines window-level helpers (idempotent): gathering, connection, receive tracking, hashing, stats. */
    static final String HELPERS = """
            if (!window.ferryHelpers) {
              window.ferryHelpers = true;
              window.gathered = (pc) => new Promise((r) => {
                if (pc.iceGatheringState === 'complete') return r();
                pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r());
              });
              window.connected = (pc, ms = 20000) => new Promise((resolve, reject) => {
                const check = () => {
                  if (pc.connectionState === 'connected') resolve();
                  if (pc.connectionState === 'failed') reject(new Error('connection failed in Chromium'));
                };
                pc.addEventListener('connectionstatechange', check); check();
                setTimeout(() => reject(new Error('not connected: ' + pc.connectionState + '/' + pc.iceConnectionState)), ms);
              });
              window.rx = {};
              window.track = (dc) => {
                const st = rx[dc.label] = {parts: [], n: 0, closed: false, open: false};
                dc.binaryType = 'arraybuffer';
                dc.onmessage = (e) => {
                  st.n++;
                  st.parts.push(typeof e.data === 'string' ? new TextEncoder().encode(e.data) : new Uint8Array(e.data));
                };
                dc.onopen = () => { st.open = true; };
                dc.onclose = () => { st.closed = true; };
              };
              window.sha256 = async (parts) => {
                let len = 0; for (const p of parts) len += p.length;
                const all = new Uint8Array(len); let o = 0;
                for (const p of parts) { all.set(p, o); o += p.length; }
                const d = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
                return Array.from(d).map((b) => b.toString(16).padStart(2, '0')).join('');
              };
              window.sendAll = async (dc) => {
                const parts = [];
                for (let i = 0; i < 100; i++) {
                  const b = new Uint8Array(65536); crypto.getRandomValues(b);
                  while (dc.bufferedAmount > 4 * 1024 * 1024) await new Promise((r) => setTimeout(r, 5));
                  dc.send(b); parts.push(b);
                }
                for (let i = 0; i < 1000; i++) {
                  const s = 'small-' + i + '-' + 'x'.repeat(i % 50);
                  dc.send(s); parts.push(new TextEncoder().encode(s));
                }
                return await sha256(parts);
              };
              window.received = async (label, n, ms) => {
                const t0 = Date.now();
                while ((!rx[label] || rx[label].n < n) && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 10));
                const st = rx[label] || {parts: [], n: 0};
                return {n: st.n, sha: await sha256(st.parts)};
              };
              window.mediaStats = async (pc) => {
                const s = await pc.getStats(); const codecs = {};
                const out = {framesDecoded: 0, audioPackets: 0, videoCodec: null, sentVideoCodec: null};
                s.forEach((r) => { if (r.type === 'codec') codecs[r.id] = r.mimeType; });
                s.forEach((r) => {
                  if (r.type === 'inbound-rtp' && r.kind === 'video') { out.framesDecoded = r.framesDecoded || 0; out.videoCodec = codecs[r.codecId] || null; }
                  if (r.type === 'inbound-rtp' && r.kind === 'audio') out.audioPackets = r.packetsReceived || 0;
                  if (r.type === 'outbound-rtp' && r.kind === 'video') out.sentVideoCodec = codecs[r.codecId] || null;
                });
                return out;
              };
              window.waitMedia = async (pc, ms) => {
                const t0 = Date.now(); let m;
                while (true) {
                  m = await mediaStats(pc);
                  if ((m.framesDecoded > 100 && m.audioPackets > 200) || Date.now() - t0 > ms) break;
                  await new Promise((r) => setTimeout(r, 200));
                }
                m.ms = Date.now() - t0;
                return m;
              };
              window.transportStats = async (pc) => {
                const s = await pc.getStats(); let t = null;
                s.forEach((r) => { if (r.type === 'transport') t = r; });
                return t ? {dtlsRole: t.dtlsRole, srtpCipher: t.srtpCipher || null, dtlsState: t.dtlsState} : null;
              };
            }
            """;
}
