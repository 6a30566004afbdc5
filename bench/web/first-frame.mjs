// The measuring half of first-frame.sh: node first-frame.mjs BASE_URL CLIP RUNS
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

// playwright-core is installed for the browser tests; use that copy rather than a second one.
const require = createRequire(new URL('../../test/web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [base, clipPath, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 5);
const PLAY_WINDOW_MS = 10000;

async function json(path, opts = {}) {
  const res = await fetch(base + path, opts);
  if (!res.ok) throw new Error(`${opts.method || 'GET'} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function uploadClip() {
  const name = `ff${Date.now() % 1e8}`;
  const { token } = await json('/api/auth/register', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: name, password: 'first frame bench' }) });
  const bytes = readFileSync(clipPath);
  const b64 = s => Buffer.from(s).toString('base64');
  const auth = { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' };
  const created = await fetch(`${base}/files/`, { method: 'POST', headers: { ...auth, 'Upload-Length': String(bytes.length),
    'Upload-Metadata': `filename ${b64('clip.mp4')},title ${b64('first-frame bench clip')}` } });
  if (created.status !== 201) throw new Error(`tus create: ${created.status}`);
  const videoId = created.headers.get('Reelay-Video-Id');
  const patched = await fetch(new URL(created.headers.get('Location'), base), { method: 'PATCH',
    headers: { ...auth, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }, body: bytes });
  if (patched.status !== 204) throw new Error(`tus patch: ${patched.status}`);
  const started = Date.now();
  for (;;) {
    const v = await json(`/api/videos/${videoId}`);
    if (v.status === 'ready') { console.log(`transcoded in ${((Date.now() - started) / 1000).toFixed(1)} s`); return v; }
    if (v.status === 'failed' || Date.now() - started > 600000) throw new Error(`video ${videoId}: ${v.status}`);
    await new Promise(r => setTimeout(r, 1000));
  }
}

/** Bytes of every segment (and init) of a rung (its directory's path): what fetching the whole video at it costs. */
async function rungBytes(rungDir) {
  const playlistUrl = new URL(`${rungDir}/index.m3u8`, base);
  const text = await (await fetch(playlistUrl)).text();
  const uris = text.split('\n').filter(l => l && !l.startsWith('#'));
  const init = text.match(/#EXT-X-MAP:URI="([^"]+)"/);
  if (init) uris.push(init[1]);
  let total = 0;
  for (const u of uris) total += (await (await fetch(new URL(u, playlistUrl))).arrayBuffer()).byteLength;
  return { total, segments: uris.length - (init ? 1 : 0) };
}

const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const ms = x => `${Math.round(x)} ms`;

const video = await uploadClip();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM,
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--disable-dev-shm-usage'] });
const results = [];
for (let i = 1; i <= runs; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  // Before any page script: a large resource-timing buffer, and the first presented frame of any <video>.
  await page.addInitScript(() => {
    performance.setResourceTimingBufferSize(2000);
    document.addEventListener('loadstart', e => {
      const v = e.target;
      if (!(v instanceof HTMLVideoElement) || window.__firstFrame != null) return;
      v.requestVideoFrameCallback(() => { window.__firstFrame = performance.now(); });
      v.addEventListener('playing', () => { window.__playing ??= performance.now(); }, { once: true });
    }, true);
  });
  await page.goto(`${base}/#/watch/${video.id}`);
  await page.waitForFunction(() => window.__firstFrame != null && window.__playing != null, null, { timeout: 30000, polling: 50 });
  const firstFrame = await page.evaluate(() => window.__firstFrame);
  await page.waitForFunction(t => performance.now() > t, firstFrame + PLAY_WINDOW_MS, { timeout: PLAY_WINDOW_MS + 20000, polling: 200 });
  const r = await page.evaluate(({ firstFrame, windowMs }) => {
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource').map(e => ({ name: new URL(e.name).pathname, start: e.startTime,
      end: e.responseEnd, bytes: e.encodedBodySize }));
    const v = document.querySelector('video');
    const ahead = v.buffered.length ? v.buffered.end(v.buffered.length - 1) - v.currentTime : 0;
    return { firstFrame, playing: window.__playing, domContentLoaded: nav.domContentLoadedEventEnd, res,
      inWindow: res.filter(e => e.name.startsWith('/vod/') && e.start <= firstFrame + windowMs),
      currentTime: v.currentTime, ahead };
  }, { firstFrame, windowMs: PLAY_WINDOW_MS });
  const firstSegment = r.res.find(e => /\/seg_\d+\./.test(e.name));
  const chain = r.res.filter(e => !firstSegment || e.start <= firstSegment.start);
  const bytes = r.inWindow.reduce((a, e) => a + e.bytes, 0);
  const byRung = {};
  for (const e of r.inWindow) { const m = e.name.match(/^(.*)\/(seg_\d+|init)/); if (m) byRung[m[1]] = (byRung[m[1]] || 0) + 1; }
  results.push({ ...r, bytes, chain, byRung });
  console.log(`run ${i}: first frame ${ms(r.firstFrame)}, playing ${ms(r.playing)} (DOMContentLoaded ${ms(r.domContentLoaded)}); ` +
    `first 10 s of playback: ${(bytes / 1e6).toFixed(2)} MB in ${r.inWindow.length} /vod/ requests, segments per rung ${JSON.stringify(byRung)}, ` +
    `${r.ahead.toFixed(1)} s buffered ahead at ${r.currentTime.toFixed(1)} s`);
  for (const e of chain) console.log(`    ${ms(e.start).padStart(8)} → ${ms(e.end).padStart(8)}  ${e.name}`);
  await ctx.close();
}
await browser.close();

const rungs = Object.keys(results.at(-1).byRung);
const top = rungs.sort((a, b) => results.at(-1).byRung[b] - results.at(-1).byRung[a])[0];
const whole = top ? await rungBytes(top) : null;
const ff = results.map(r => Math.round(r.firstFrame));
const pl = results.map(r => Math.round(r.playing));
const mb = results.map(r => r.bytes / 1e6);
console.log(`\nclip ${(video.durationMs / 1000).toFixed(1)} s; ${runs} runs, each in a fresh browser context`);
console.log(`first frame: median ${median(ff)} ms; runs ${ff.join(', ')} ms`);
console.log(`playing:     median ${median(pl)} ms; runs ${pl.join(', ')} ms`);
console.log(`bytes in the first 10 s of playback: median ${median(mb).toFixed(2)} MB; runs ${mb.map(x => x.toFixed(2)).join(', ')} MB` +
  (whole ? `; the whole video at ${top.split('/').pop()} is ${(whole.total / 1e6).toFixed(2)} MB in ${whole.segments} segments` : ''));
