// A headless Chromium page as an independent WebRTC peer, driven over stdin/stdout.
//
// Protocol: one JSON object per line.
//   in : {"id": 1, "js": "<an async function body; `return` a JSON-able value>"}
//   out: {"id": 1, "ok": true, "value": ...} | {"id": 1, "ok": false, "error": "..."}
//   out (once, first): {"ready": true, "chromium": "<version>"}
//   directives in "js": "//ferry:goto <url>" (navigate, wait for load), "//ferry:screenshot <file.png>"
// The page is served from a local HTTP server on 127.0.0.1 so it is a secure context
// (getUserMedia with the fake devices needs one). stdin closing ends the browser.
import { chromium } from 'playwright-core';
import http from 'node:http';
import readline from 'node:readline';

const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const flags = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-device-for-media-stream=fps=30', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
];

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' });
  res.end('<!doctype html><title>ferryrtc interop</title><body></body>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

const browser = await chromium.launch({ executablePath, args: flags, headless: true });
const page = await browser.newPage();
page.on('console', (m) => process.stderr.write(`[page] ${m.text()}\n`));
await page.goto(`http://127.0.0.1:${server.address().port}/`);

const send = (o) => process.stdout.write(JSON.stringify(o) + '\n');
send({ ready: true, chromium: browser.version() });

const rl = readline.createInterface({ input: process.stdin });
for await (const line of rl) {
  if (!line.trim()) continue;
  let msg;
  try {
    msg = JSON.parse(line);
  } catch (e) {
    send({ id: null, ok: false, error: `bad json: ${e.message}` });
    continue;
  }
  try {
    // two directives besides page JavaScript: "//ferry:goto <url>" navigates the page (waits for
    // load) and "//ferry:screenshot <file.png>" writes a PNG of the page
    const directive = /^\/\/ferry:(goto|screenshot) (.+)$/.exec(msg.js.trim());
    if (directive) {
      if (directive[1] === 'goto') await page.goto(directive[2], { waitUntil: 'load' });
      else await page.screenshot({ path: directive[2] });
      send({ id: msg.id, ok: true, value: true });
      continue;
    }
    const value = await page.evaluate(`(async () => { ${msg.js} })()`);
    send({ id: msg.id, ok: true, value: value === undefined ? null : value });
  } catch (e) {
    send({ id: msg.id, ok: false, error: String(e && e.message ? e.message : e) });
  }
}
await browser.close();
server.close();
