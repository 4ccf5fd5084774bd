package org.ferryrtc.peer;

/** JavaScript helpers evaluated in the Chromium page before the interop tests' own code. */
final class ChromiumJs {
    private ChromiumJs() {
    }

    /** The shared page helpers (testkit) plus DataChannel receive tracking, bulk sending, media and transport stats (idempotent). */
    static final String HELPERS = org.ferryrtc.testkit.ChromiumPeer.PAGE_HELPERS + """
            if (!window.ferryHelpers) {
              window.ferryHelpers = true;
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
