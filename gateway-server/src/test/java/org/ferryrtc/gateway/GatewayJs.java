package org.ferryrtc.gateway;

/** JavaScript helpers evaluated in the Chromium page before the gateway interop tests' own code (idempotent). */
final class GatewayJs {
    private GatewayJs() {}

    static final String HELPERS = org.ferryrtc.testkit.ChromiumPeer.PAGE_HELPERS + """
            if (!window.gwHelpers) {
              window.gwHelpers = true;
              window.loadSdk = (base) => window.FerryPeer ? Promise.resolve() : new Promise((resolve, reject) => {
                const s = document.createElement('script');
                s.src = base + '/sdk/ferry.js'; s.onload = resolve; s.onerror = () => reject(new Error('no ferry.js'));
                document.head.appendChild(s);
              });
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
