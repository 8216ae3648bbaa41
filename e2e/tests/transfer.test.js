// What a first visit transfers: the home page's hydration script (JS glue), WASM and stylesheet,
// fetched as a browser does (Accept-Encoding: br, gzip) from the release build, counting the
// bytes of each response body as sent on the wire (node's http does not decode them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { startServer } from './support.js';

/** Issue 7's budget for the hydration bundle (WASM + JS) on a first visit, in bytes sent. */
const BUDGET = 250_000;
const IMMUTABLE = 'public, max-age=31536000, immutable';

let server;

before(async () => {
  server = await startServer();
});

after(async () => {
  await server?.stop();
});

/** GET with the given Accept-Encoding; the body's bytes as received, not decoded. */
function getRaw(url, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {};
    http.get(url, { headers }, (res) => {
      const chunks = [];
      let sent = 0;
      res.on('data', (chunk) => { sent += chunk.length; chunks.push(chunk); });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, sent, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

function decode(res) {
  switch (res.headers['content-encoding']) {
    case 'br': return zlib.brotliDecompressSync(res.body);
    case 'gzip': return zlib.gunzipSync(res.body);
    case undefined: return res.body;
    default: throw new Error(`unexpected encoding ${res.headers['content-encoding']}`);
  }
}

/** The URLs the home page loads: the module script's import, its WASM, the stylesheet. */
async function bundleUrls() {
  const home = await getRaw(`${server.url}/`);
  assert.equal(home.status, 200);
  const html = home.body.toString('utf8');
  const find = (re, what) => {
    const m = html.match(re);
    assert.ok(m, `the home page names ${what}:\n${html.slice(0, 2000)}`);
    return new URL(m[1], server.url).href;
  };
  const urls = {
    js: find(/<script type="module"[^>]*>[^<]*from "([^"]+)"/, 'the JS glue in its module script'),
    wasm: find(/module_or_path: "([^"]+)"/, 'the WASM in its module script'),
    css: find(/<link rel="stylesheet" href="([^"]+)"/, 'a stylesheet'),
  };
  // The preload hints name the same files, so the browser fetches each once.
  assert.ok(html.includes(`<link rel="modulepreload" href="${new URL(urls.js).pathname}"`));
  assert.ok(html.includes(`<link rel="preload" href="${new URL(urls.wasm).pathname}"`));
  return urls;
}

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;

test('a first visit transfers at most 250 KB of WASM + JS, brotli-encoded and cached for good', async (t) => {
  const urls = await bundleUrls();
  const figures = {};
  for (const [kind, url] of Object.entries(urls)) {
    assert.match(new URL(url).pathname, /\/app\.[0-9a-f]{16}\.(js|wasm|css)$/, `${kind} has a content-hashed name`);
    const identity = await getRaw(url);
    assert.equal(identity.status, 200, url);
    assert.equal(identity.headers['content-encoding'], undefined, `${url} without Accept-Encoding`);
    figures[kind] = { raw: identity.sent };
    for (const [accepted, expected] of [['br, gzip', 'br'], ['gzip', 'gzip']]) {
      const res = await getRaw(url, accepted);
      assert.equal(res.status, 200, url);
      assert.equal(res.headers['content-encoding'], expected, `${url} for Accept-Encoding: ${accepted}`);
      assert.equal(res.headers['cache-control'], IMMUTABLE, url);
      if (kind === 'wasm') {
        // Streaming compilation requires this type, whichever copy is sent.
        assert.equal(res.headers['content-type'], 'application/wasm', url);
      }
      assert.ok(decode(res).equals(identity.body), `${url}: the ${expected} copy decodes to the file itself`);
      figures[kind][expected] = res.sent;
    }
  }
  const bundle = (enc) => figures.wasm[enc] + figures.js[enc];
  for (const [kind, f] of Object.entries(figures)) {
    t.diagnostic(`${kind}: ${f.raw} bytes raw, ${f.br} br, ${f.gzip} gzip`);
  }
  t.diagnostic(`WASM + JS sent: ${bundle('br')} bytes br (${kb(bundle('br'))}), ${bundle('gzip')} gzip (${kb(bundle('gzip'))}), ${bundle('raw')} raw; budget ${BUDGET}`);
  t.diagnostic(`CSS sent: ${figures.css.br} bytes br, ${figures.css.gzip} gzip`);
  assert.ok(bundle('br') <= BUDGET, `WASM + JS sent as br: ${bundle('br')} bytes, over ${BUDGET}`);
});
