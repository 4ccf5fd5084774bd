package org.ferryrtc.gateway;

/** JavaScript helpers evaluated in the Chromium page before the gateway interop tests' own code (idempotent). */
final class GatewayJs {
    private GatewayJs() {}

    static final String HELPERS = """
            if (!window.gwHelpers) {
              window.gwHelpers = true;
              window.loadSdk = (base) => window.FerryPeer ? Promise.resolve() : new Promise((resolve, reject) => {
                const s = document.createElement('script');
                s.src = base + '/sdk/ferry.js'; s.onload = resolve; s.onerror = () => reject(new Error('no ferry.js'));
                document.head.appendChild(s);
              });
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
              window.sha256 = async (parts) => {
                let len = 0; for (const p of parts) len += p.length;
                const all = new Uint8Array(len); let o = 0;
                for (const p of parts) { all.set(p, o); o += p.length; }
                const d = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
                return Array.from(d).map((b) => b.toString(16).padStart(2, '0')).join('');
              };
              window.mediaStats = async (pc) => {
                const s = await pc.getStats();
                const out = {framesDecoded: 0, audioPackets: 0, state: pc.connectionState};
                s.forEach((r) => {
                  if (r.type === 'inbound-rtp' && r.kind === 'video') out.framesDecoded = r.framesDecoded || 0;
                  if (r.type === 'inbound-rtp' && r.kind === 'audio') out.audioPackets = r.packetsReceived || 0;
                });
                return out;
              };
              window.waitVideo = async (pc, ms, frames = 100) => {
                const t0 = Date.now(); let m;
                while (true) {
                  m = await mediaStats(pc);
                  if (m.framesDecoded > frames || Date.now() - t0 > ms) break;
                  await new Promise((r) => setTimeout(r, 200));
                }
                m.ms = Date.now() - t0;
                return m;
              };
              window.trackConn = (conn) => {
                conn.rx = []; conn.isOpen = false;
                conn.addEventListener('open', () => { conn.isOpen = true; });
                conn.addEventListener('data', (e) => conn.rx.push(typeof e.detail.data === 'string'
                  ? new TextEncoder().encode(e.detail.data) : new Uint8Array(e.detail.data)));
              };
              window.receivedAtLeast = async (n, ms) => {
                const t0 = Date.now();
                while (conns[0].rx.length < n && Date.now() - t0 < ms) await new Promise((r) => setTimeout(r, 10));
                return conns[0].rx.length;
              };
              window.receivedHash = async (n, ms) => {
                await receivedAtLeast(n, ms);
                return {n: conns[0].rx.length, sha: await sha256(conns[0].rx)};
              };
              window.sendFromPage = async (n) => {
                const c = conns[0]; const parts = [];
                for (let i = 0; i < n; i++) {
                  const b = new Uint8Array(16 + (i * 131) % 1200); crypto.getRandomValues(b);
                  while (c.channel.bufferedAmount > 256 * 1024) await new Promise((r) => setTimeout(r, 5));
                  c.send(b); parts.push(b);
                  if (i % 50 === 49) await new Promise((r) => setTimeout(r, 2));
                }
                return await sha256(parts);
              };
            }
            """;
}
