#!/usr/bin/env python3
"""Captures the DTLS ClientHello that headless Chromium sends to an ICE-lite peer.

How: a local page creates an RTCPeerConnection with a DataChannel and posts its offer here;
we answer as an ICE-lite, DTLS-passive endpoint with one host candidate on 127.0.0.1, answer
Chromium's STUN binding requests (RFC 8489, short-term credentials), and record the DTLS
datagrams (RFC 7983: first byte 20..63) that follow. We never answer them, so Chromium keeps
retransmitting its first flight; the first complete set of fragments is written out.

Usage: capture_chromium_clienthello.py OUT.hex [CHROMIUM_BINARY]
Writes one datagram per line as hex, with '#' comment lines on top.
"""
import hashlib, hmac, http.server, os, socket, struct, subprocess, sys, tempfile, threading, time, zlib

OUT = sys.argv[1]
CHROME = sys.argv[2] if len(sys.argv) > 2 else "/usr/lib/chromium/chromium"
UFRAG, PWD = "ferryufrag", "ferrypasswordferrypassword"
COOKIE = 0x2112A442

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 0))
UDP_PORT = udp.getsockname()[1]
dtls = []
done = threading.Event()

PAGE = b"""<!doctype html><script>
(async () => {
  const pc = new RTCPeerConnection();
  pc.createDataChannel('capture');
  await pc.setLocalDescription(await pc.createOffer());
  const r = await fetch('/answer', {method: 'POST', body: pc.localDescription.sdp});
  await pc.setRemoteDescription({type: 'answer', sdp: await r.text()});
  window.pc = pc;
})();
</script>"""


def answer(offer):
    mid = next((l[6:] for l in offer.splitlines() if l.startswith("a=mid:")), "0")
    fp = ":".join("%02X" % b for b in os.urandom(32))
    return "\r\n".join([
        "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=ice-lite", "a=group:BUNDLE " + mid,
        "m=application %d UDP/DTLS/SCTP webrtc-datachannel" % UDP_PORT, "c=IN IP4 127.0.0.1",
        "a=ice-ufrag:" + UFRAG, "a=ice-pwd:" + PWD, "a=fingerprint:sha-256 " + fp, "a=setup:passive",
        "a=mid:" + mid, "a=sctp-port:5000", "a=max-message-size:262144",
        "a=candidate:1 1 udp 2130706431 127.0.0.1 %d typ host" % UDP_PORT, "a=end-of-candidates", ""])


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Type", "text/html"); self.end_headers()
        self.wfile.write(PAGE)

    def do_POST(self):
        offer = self.rfile.read(int(self.headers["Content-Length"])).decode()
        body = answer(offer).encode()
        self.send_response(200); self.send_header("Content-Type", "text/plain"); self.end_headers()
        self.wfile.write(body)

    def log_message(self, *a):
        pass


def stun_response(req, addr):
    txid = req[8:20]
    ip = struct.unpack("!I", socket.inet_aton(addr[0]))[0]
    xma = struct.pack("!HHBBHI", 0x0020, 8, 0, 1, addr[1] ^ (COOKIE >> 16), ip ^ COOKIE)
    body = xma
    hdr = struct.pack("!HHI", 0x0101, len(body) + 24, COOKIE) + txid
    mi = hmac.new(PWD.encode(), hdr + body, hashlib.sha1).digest()
    body += struct.pack("!HH", 0x0008, 20) + mi
    hdr = struct.pack("!HHI", 0x0101, len(body) + 8, COOKIE) + txid
    crc = (zlib.crc32(hdr + body) ^ 0x5354554E) & 0xFFFFFFFF
    body += struct.pack("!HHI", 0x8028, 4, crc)
    return hdr + body


def udp_loop():
    while not done.is_set():
        data, addr = udp.recvfrom(65536)
        if len(data) >= 20 and data[0] < 2 and struct.unpack("!I", data[4:8])[0] == COOKIE:
            if struct.unpack("!H", data[0:2])[0] == 0x0001:
                udp.sendto(stun_response(data, addr), addr)
        elif 20 <= data[0] <= 63:
            dtls.append(data)
            if len(dtls) >= 6:
                done.set()


http_srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=http_srv.serve_forever, daemon=True).start()
threading.Thread(target=udp_loop, daemon=True).start()
profile = tempfile.mkdtemp()
chrome = subprocess.Popen([CHROME, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
    "--user-data-dir=" + profile, "--remote-debugging-port=0",
    "http://127.0.0.1:%d/" % http_srv.server_address[1]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    done.wait(60)
finally:
    chrome.terminate()
    chrome.wait(10)
if not dtls:
    sys.exit("no DTLS datagram captured")
version = subprocess.run([CHROME, "--version"], capture_output=True, text=True).stdout.strip()
with open(OUT, "w") as f:
    f.write("# DTLS datagrams sent by %s as DTLS client (setup:active) to an ICE-lite peer\n" % version)
    f.write("# captured on 127.0.0.1 by capture_chromium_clienthello.py, in arrival order, one per line\n")
    for d in dtls:
        f.write(d.hex() + "\n")
print("captured %d datagrams: %s" % (len(dtls), [len(d) for d in dtls]))
