// The Reelay web app in a real browser (playwright-core + the system's Chromium) against a running node.
//   node web.mjs http://127.0.0.1:PORT      (env: CHROMIUM, SCREENSHOTS dir, WORK dir, REELAY_ADMIN_PASSWORD,
//                                            WEB_ONLY=upload,tracking,danmaku,resume,live,studio,ops to run some scenarios)
// Scenarios, in order: register → upload a generated clip through the upload page → 100% → transcode
// progress → ready → the watch page plays it and a manual quality switch works; a danmaku sent in one
// browser context shows over the video in another, and markup in it is shown as text; a reload
// mid-upload resumes; a live stream pushed over RTMP by ffmpeg plays on the live page with the online
// count; the ops page scales a capability; the watch page's behaviour events reach POST /api/events and a
// batch refused with 503 is sent again. Screenshots of each page go to SCREENSHOTS.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const base = (process.argv[2] || '').replace(/\/$/, '');
if (!base) { console.error('usage: node web.mjs http://HOST:PORT'); process.exit(2); }
const shots = process.env.SCREENSHOTS || 'web-screenshots';
const work = process.env.WORK || mkdtempSync(join(tmpdir(), 'reelay-web-'));
const only = process.env.WEB_ONLY ? new Set(process.env.WEB_ONLY.split(',')) : null;
mkdirSync(shots, { recursive: true });

const t0 = Date.now();
const results = [];
const log = (...a) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

function clip(name, args) {
  const file = join(work, name);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args, file]);
  return file;
}

async function screenshot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

async function register(page, name) {
  await page.goto(`${base}/#/register`);
  await page.fill('#username', name);
  await page.fill('#password', 'correct horse battery');
  await page.click('form button[type=submit]');
  await page.waitForSelector(`.account .who:text-is("${name}")`);
}

/** Waits until the page's <video> time passes `seconds`; returns how long that took (ms). */
async function playsPast(page, seconds, timeout = 20000) {
  const start = Date.now();
  await page.waitForFunction(s => {
    const v = document.querySelector('video');
    return v && v.currentTime > s && !v.paused;
  }, seconds, { timeout, polling: 100 });
  return Date.now() - start;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required', '--disable-dev-shm-usage'],
});
const newPage = async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  page.on('pageerror', e => console.error('  page error:', e.message));
  return page;
};

const state = {};
async function scenario(name, fn) {
  if (only && !only.has(name)) return;
  const start = Date.now();
  try {
    await fn();
    results.push({ name, ok: true, ms: Date.now() - start });
    log(`PASS ${name} (${((Date.now() - start) / 1000).toFixed(1)} s)`);
  } catch (e) {
    results.push({ name, ok: false, ms: Date.now() - start, error: e });
    log(`FAIL ${name}: ${e.stack || e}`);
  }
}

const user = `web${Date.now() % 1e8}`;
const creator = await newPage();

await scenario('upload', async () => {
  // 854x480 so that the ladder has two rungs (480p, 360p) to switch between.
  const file = clip('clip.mp4', ['-f', 'lavfi', '-i', 'testsrc=duration=4:size=854x480:rate=25', '-f', 'lavfi', '-i',
    'sine=frequency=440:duration=4', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '25', '-c:a', 'aac', '-shortest']);
  await register(creator, user);
  await screenshot(creator, 'register');
  await creator.goto(`${base}/#/upload`);
  await creator.fill('#title', 'Test <b>clip</b> & friends');
  await creator.setInputFiles('#file', file);
  const row = creator.locator('.upload').first();
  await row.locator('.pct', { hasText: '100%' }).waitFor({ timeout: 30000 });
  log('  upload reached 100%');
  // Transcode progress shows (SSE), then the link to watch.
  const seen = new Set();
  const watchLink = row.locator('.watch-link');
  const deadline = Date.now() + 180000;
  while (!(await watchLink.count())) {
    assert.ok(Date.now() < deadline, `no watch link after 180 s (states seen: ${[...seen].join(' | ')})`);
    const text = (await row.locator('.state').textContent()) || '';
    if (!seen.has(text)) { seen.add(text); log(`  state: ${text}`); if (/Transcoding/.test(text)) await screenshot(creator, 'upload-transcoding'); }
    assert.ok(!/failed/i.test(text), text);
    await creator.waitForTimeout(100);
  }
  assert.ok([...seen].some(s => /Transcoding|Processing|Waiting|Finishing/.test(s)), `no transcode progress was shown: ${[...seen]}`);
  state.videoId = await row.getAttribute('data-video-id');
  assert.ok(state.videoId);
  await screenshot(creator, 'upload');
  await watchLink.click();
  await creator.waitForURL(/#\/watch\//);
  const firstFrameMs = await playsPast(creator, 0.3);
  log(`  watch page: playing after ${firstFrameMs} ms`);
  // The title is text, not markup.
  assert.equal(await creator.locator('h1.title').textContent(), 'Test <b>clip</b> & friends');
  assert.equal(await creator.locator('h1.title b').count(), 0);
  // Storyboard previews: hovering the seek bar shows the tile for that time (a sprite the node serves) and the time.
  const bar = await creator.locator('#seek').boundingBox();
  await creator.mouse.move(bar.x + bar.width * 0.2, bar.y + bar.height / 2);
  await creator.mouse.move(bar.x + bar.width * 0.75, bar.y + bar.height / 2);
  const tile = creator.locator('.seek-preview:not([hidden]) .seek-frame:not([hidden]) img');
  await tile.waitFor({ timeout: 10000 });
  const sprite = await tile.getAttribute('src');
  const spriteRes = await fetch(new URL(sprite, base));
  assert.equal(spriteRes.status, 200, `sprite ${sprite}`);
  assert.match(spriteRes.headers.get('content-type') || '', /image\/jpeg/);
  assert.ok(await tile.evaluate(i => i.complete && i.naturalWidth > 0), 'the sprite loaded in the page');
  const hoverTime = await creator.locator('.seek-time').textContent();
  assert.match(hoverTime, /^0:0[2-3]$/, `time shown at 75% of a 4 s clip: ${hoverTime}`);
  await screenshot(creator, 'watch-storyboard');
  // The keyboard moves the same bar: the preview follows and the video seeks.
  await creator.mouse.move(0, 0);
  await creator.evaluate(() => { const v = document.querySelector('video'); v.pause(); v.currentTime = 0; });
  await creator.focus('#seek');
  await creator.keyboard.press('End');
  await creator.waitForFunction(() => document.querySelector('video').currentTime > 3, null, { timeout: 5000 });
  assert.equal(await creator.locator('.seek-preview').isHidden(), false, 'the preview shows while the bar has focus');
  log(`  storyboard preview at ${hoverTime}: ${sprite} (200); keyboard seek to the end`);
  await creator.evaluate(() => document.activeElement.blur());

  // Manual quality: a rung other than the one playing; the player reports it without "auto" and plays on.
  const options = await creator.locator('select.quality option').allTextContents();
  assert.ok(options.length >= 3, `quality menu: ${options}`);
  const playing = (await creator.locator('.quality-now').textContent()).replace('auto · ', '');
  const other = options.slice(1).find(o => o !== playing);
  await creator.evaluate(() => { const v = document.querySelector('video'); v.currentTime = 0; });
  await creator.selectOption('select.quality', { label: other });
  await creator.locator('.quality-now', { hasText: new RegExp(`^${other}$`) }).waitFor({ timeout: 15000 });
  await creator.evaluate(() => { const v = document.querySelector('video'); v.currentTime = 0; return v.play(); });
  await playsPast(creator, 0.5);
  log(`  quality switched from ${playing} to ${other}, still playing`);
  await screenshot(creator, 'watch');
  state.firstFrameMs = firstFrameMs;
});

await scenario('tracking', async () => {
  // The watch page reports play/heartbeat/complete/skip in batches; a batch that got no 202 is sent again with
  // the same eventIds. The first POST is answered 503 here, as the node does when Kafka is down.
  assert.ok(state.videoId, 'needs the upload scenario');
  const page = await newPage();
  const posts = [];
  let answered = 0;
  await page.route('**/api/events', route => (answered++ === 0
    ? route.fulfill({ status: 503, headers: { 'Retry-After': '2' }, contentType: 'application/json', body: '{"error":"unavailable"}' })
    : route.continue()));
  page.on('requestfinished', async req => {
    if (!req.url().endsWith('/api/events') || req.method() !== 'POST') return;
    const resp = await req.response();
    posts.push({ status: resp && resp.status(), events: JSON.parse(req.postData() || '{}').events || [] });
  });
  await page.goto(`${base}/#/watch/${state.videoId}`);
  await playsPast(page, 0.5);
  await page.waitForTimeout(6000); // the first batch goes after 5 s, and gets the 503
  await page.goto(`${base}/#/`); // leaving the watch page flushes again
  const deadline = Date.now() + 30000;
  let play;
  for (;;) {
    const refused = posts.find(p => p.status === 503);
    play = refused && refused.events.find(e => e.type === 'play' && e.videoId === state.videoId);
    if (play && posts.some(p => p.status === 202 && p.events.some(e => e.eventId === play.eventId))) break;
    assert.ok(Date.now() < deadline, `no resent play event: ${JSON.stringify(posts.map(p => [p.status, p.events.map(e => e.type)]))}`);
    await page.waitForTimeout(200);
  }
  const types = new Set(posts.filter(p => p.status === 202).flatMap(p => p.events.map(e => e.type)));
  assert.ok(types.has('complete') || types.has('skip'), `no complete or skip: ${[...types]}`);
  log(`  events sent: ${[...types].join(', ')}; the play event refused with 503 went again with the same id`);
  await page.context().close();
});

await scenario('danmaku', async () => {
  assert.ok(state.videoId, 'needs the uploaded video');
  const viewer = await newPage();
  await register(viewer, `${user}v`);
  await viewer.goto(`${base}/#/watch/${state.videoId}`);
  await viewer.waitForSelector('.online:not(:empty)', { timeout: 10000 });
  await creator.goto(`${base}/#/watch/${state.videoId}`);
  await creator.waitForSelector('.online:not(:empty)', { timeout: 10000 });
  const hello = `hello from the creator ${Date.now()}`;
  await creator.fill('#dm-text', hello);
  await creator.press('#dm-text', 'Enter');
  await viewer.locator('.danmaku-layer .dm', { hasText: hello }).waitFor({ timeout: 5000 });
  log('  a danmaku sent in one context shows in the other');
  const evil = '<img src=x onerror="window.__xss=1"> not markup';
  await viewer.evaluate(() => { delete window.__xss; });
  await creator.fill('#dm-text', evil);
  await creator.click('.dm-send button[type=submit]');
  const shown = viewer.locator('.danmaku-layer .dm', { hasText: 'not markup' });
  await shown.waitFor({ timeout: 5000 });
  assert.equal(await shown.textContent(), evil);
  assert.equal(await viewer.locator('.danmaku-layer img').count(), 0);
  assert.equal(await viewer.evaluate(() => window.__xss), undefined);
  await screenshot(viewer, 'watch-danmaku');
  // A gift: an admin credits the viewer, who sends a heart; the creator sees it over the video.
  const admin = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: process.env.REELAY_ADMIN_PASSWORD }) })).json();
  const me = await viewer.evaluate(async () => (await fetch('/api/auth/me', { headers: { Authorization: `Bearer ${localStorage.getItem('reelay.token')}` } })).json());
  const credit = await fetch(`${base}/api/users/${me.id}/balance`, { method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${admin.token}` }, body: JSON.stringify({ amount: 100, reason: 'web test' }) });
  assert.ok(credit.ok, `credit: ${credit.status}`);
  await viewer.reload();
  await viewer.waitForSelector('.online:not(:empty)');
  await viewer.locator('button.gift', { hasText: 'heart' }).click();
  await viewer.locator('.gift-status', { hasText: 'sent a heart' }).waitFor({ timeout: 5000 });
  await creator.locator('.danmaku-layer .dm', { hasText: 'sent 1 × heart' }).waitFor({ timeout: 5000 });
  log('  a gift sent in one context shows in the other');
  await viewer.context().close();
});

await scenario('resume', async () => {
  const file = clip('clip2.mp4', ['-f', 'lavfi', '-i', 'testsrc2=duration=3:size=640x360:rate=25', '-c:v', 'libx264',
    '-preset', 'ultrafast', '-b:v', '3M', '-pix_fmt', 'yuv420p']);
  const size = statSync(file).size;
  const chunk = 64 * 1024;
  assert.ok(size > 4 * chunk, `clip too small: ${size}`);
  const page = creator;
  await page.goto(`${base}/#/upload`);
  await page.evaluate(c => localStorage.setItem('reelay.uploadChunkBytes', String(c)), chunk);
  // Two chunks go through, then the network fails every PATCH (the client keeps retrying) until the page reloads.
  let patches = 0;
  let held;
  const third = new Promise(r => { held = r; });
  await page.route('**/files/**', route => {
    if (route.request().method() === 'PATCH' && ++patches > 2) { held(); return route.abort('connectionreset'); }
    return route.continue();
  });
  await page.fill('#title', 'resumed clip');
  await page.setInputFiles('#file', file);
  await third;
  await page.waitForFunction(c => Object.values(JSON.parse(localStorage.getItem('reelay.uploads') || '{}'))
    .some(u => u.offset === 2 * c), chunk);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await page.reload();
  await page.locator('#pending li', { hasText: 'resumed clip' }).waitFor();
  await screenshot(page, 'upload-pending');
  await page.setInputFiles('#file', file);
  const row = page.locator('.upload').first();
  await row.locator('.state', { hasText: `resumed at 128 KiB` }).or(row.locator('.pct', { hasText: '100%' })).first().waitFor({ timeout: 10000 });
  await row.locator('.pct', { hasText: '100%' }).waitFor({ timeout: 30000 });
  const text = await row.locator('.state').textContent();
  log(`  after the reload: ${text}`);
  const resumedFrom = await page.evaluate(() => document.querySelector('.upload .state').dataset.resumedFrom);
  assert.equal(Number(resumedFrom), 2 * chunk, 'the upload resumed from the acknowledged offset');
  assert.equal(await page.locator('#pending li', { hasText: 'resumed clip' }).count(), 0);
  await page.evaluate(() => localStorage.removeItem('reelay.uploadChunkBytes'));
});

await scenario('live', async () => {
  const token = await creator.evaluate(() => localStorage.getItem('reelay.token'));
  assert.ok(token, 'needs the registered creator');
  const health = await (await fetch(`${base}/ops/health`)).json();
  const rtmpPort = health.endpoints.rtmp.port;
  await creator.goto(`${base}/#/studio`);
  await creator.fill('#stream-title', 'Web test live');
  await creator.click('#stream-title ~ button[type=submit]');
  const key = await creator.locator('input[aria-label="Stream key"]').inputValue();
  const liveHref = await creator.locator('#stream-created a.button').getAttribute('href');
  await screenshot(creator, 'studio');
  const streamId = liveHref.split('/').pop();
  const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-re', '-f', 'lavfi', '-i', 'testsrc=size=640x360:rate=25',
    '-f', 'lavfi', '-i', 'sine=frequency=330', '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-g', '25',
    '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-t', '60', '-f', 'flv', `rtmp://127.0.0.1:${rtmpPort}/live/${key}`], { stdio: 'inherit' });
  try {
    const viewer = await newPage();
    const start = Date.now();
    await viewer.goto(`${base}/#/live/${streamId}`);
    await playsPast(viewer, 0.5, 20000);
    state.liveMs = Date.now() - start;
    log(`  live page playing after ${state.liveMs} ms`);
    // The studio, still open on the creator's page, shows the stream as live with a playing, muted preview.
    await creator.locator('#stream-created[data-state=live]').waitFor({ timeout: 10000 });
    await creator.waitForFunction(() => {
      const v = document.querySelector('#stream-created video.preview');
      return v && v.muted && v.currentTime > 0.3 && !v.paused;
    }, null, { timeout: 20000, polling: 100 });
    await screenshot(creator, 'studio-live');
    log('  the studio shows the stream live with a playing preview');
    // The home page lists it under "Live now".
    await creator.goto(`${base}/#/`);
    await creator.locator(`#live-now [data-stream-id="${streamId}"]`).waitFor({ timeout: 10000 });
    await screenshot(creator, 'home');
    await viewer.waitForFunction(() => Number(document.querySelector('#online')?.dataset.count) >= 1, null, { timeout: 10000 });
    log(`  ${await viewer.locator('#online').textContent()}`);
    // Chat: the creator's message shows in the viewer's chat list and over the video.
    await creator.goto(`${base}/#/live/${streamId}`);
    await creator.waitForSelector('#online:not(:empty)');
    await creator.fill('#dm-text', 'welcome <b>all</b>');
    await creator.press('#dm-text', 'Enter');
    await viewer.locator('.chat .chat-text', { hasText: 'welcome <b>all</b>' }).waitFor({ timeout: 5000 });
    await viewer.locator('.danmaku-layer .dm', { hasText: 'welcome <b>all</b>' }).waitFor({ timeout: 5000 });
    await screenshot(viewer, 'live');
    // The publisher stops: once the reconnect grace is over (2 s in run.sh), the page says the stream ended.
    ffmpeg.kill('SIGTERM');
    await viewer.locator('.watch[data-state=ended]').waitFor({ timeout: 20000 });
    log(`  ${await viewer.locator('#live-state').textContent()}`);
    await screenshot(viewer, 'live-ended');
    await viewer.context().close();
  } finally {
    ffmpeg.kill('SIGTERM');
  }
});

await scenario('studio', async () => {
  // Edit a video's title and tags in the studio; after a reload the studio and the watch page show the new ones.
  assert.ok(state.videoId, 'needs the uploaded video');
  await creator.goto(`${base}/#/studio`);
  const row = creator.locator(`#my-videos tr[data-video-id="${state.videoId}"]`);
  await row.waitFor({ timeout: 10000 });
  await row.locator('.edit-button').click();
  const renamed = `Renamed <i>clip</i> ${Date.now()}`;
  await row.locator('input.edit-title').fill(renamed);
  await row.locator('input.edit-tags').fill('web, renamed');
  await screenshot(creator, 'studio-edit');
  await row.locator('button[type=submit]').click();
  await row.locator('.video-title', { hasText: renamed }).waitFor({ timeout: 10000 });
  await creator.reload();
  await row.locator('.video-title', { hasText: renamed }).waitFor({ timeout: 10000 });
  assert.deepEqual(await row.locator('.tag').allTextContents(), ['web', 'renamed']);
  assert.equal(await row.locator('i').count(), 0, 'the title is text');
  await creator.goto(`${base}/#/watch/${state.videoId}`);
  await creator.locator('h1.title').waitFor();
  assert.equal(await creator.locator('h1.title').textContent(), renamed);
  log(`  renamed to ${renamed}; shown after a reload and on the watch page`);
});

await scenario('ops', async () => {
  const page = await newPage();
  const r = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: process.env.REELAY_ADMIN_PASSWORD }) });
  assert.equal(r.status, 200, 'admin login');
  const { token } = await r.json();
  await page.goto(`${base}/#/`);
  await page.evaluate(t => localStorage.setItem('reelay.token', t), token);
  await page.goto(`${base}/#/ops`);
  await page.reload();
  await page.locator('#checks li').first().waitFor();
  const row = page.locator('#capabilities tr[data-capability]').first();
  await row.waitFor({ timeout: 10000 });
  const name = await row.getAttribute('data-capability');
  const before = Number(await row.locator('td.count').textContent());
  const target = before === 1 ? 2 : 1;
  await row.locator('input[type=number]').fill(String(target));
  await row.locator('button').click();
  await page.locator(`#capabilities tr[data-capability="${name}"] td.count`, { hasText: new RegExp(`^${target}$`) }).waitFor({ timeout: 20000 });
  log(`  scaled ${name} from ${before} to ${target}`);
  // Live figures from /metrics: gauges at once, counters as rates from the second sample on (every 5 s).
  await page.locator('#figures dd[data-figure=heap]').filter({ hasText: /\d/ }).waitFor({ timeout: 10000 });
  await page.locator('#figures dd[data-figure=http]').filter({ hasText: /\/s$/ }).waitFor({ timeout: 15000 });
  log(`  figures: ${(await page.locator('#figures > div').allTextContents()).join(' | ')}`);
  await screenshot(page, 'ops');
  await page.context().close();
});

await browser.close();
const failed = results.filter(r => !r.ok);
console.log(`web tests: ${results.length - failed.length}/${results.length} scenarios passed in ${((Date.now() - t0) / 1000).toFixed(1)} s` +
  (state.firstFrameMs != null ? `; watch page to playing: ${state.firstFrameMs} ms` : '') +
  (state.liveMs != null ? `; live page to playing: ${state.liveMs} ms` : ''));
process.exit(failed.length ? 1 : 0);
