// Behaviour events for recommendations (POST /api/events): queued, sent in batches every few seconds, with
// sendBeacon when the page is hidden. A batch that got no 202 (Kafka down: 503, or the network) is kept in
// localStorage and sent again later with the same eventIds, which the server side uses to drop repeats.
import { auth } from './api.js';

const DEVICE_KEY = 'reelay.device';
const PENDING_KEY = 'reelay.events.pending';
const FLUSH_MS = 5000;
const MAX_BATCH = 100;
const MAX_PENDING = 2000; // events kept for resending; the oldest go first beyond it

function randomId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, x => x.toString(16).padStart(2, '0')).join('');
}

export function deviceId() {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = 'web-' + randomId().replace(/-/g, '').slice(0, 24);
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

let queue = [];
let timer = null;
let sending = false;

function pending() {
  try {
    return JSON.parse(localStorage.getItem(PENDING_KEY) || '[]');
  } catch {
    return [];
  }
}

function keep(events) {
  const all = pending().concat(events).slice(-MAX_PENDING);
  localStorage.setItem(PENDING_KEY, JSON.stringify(all));
}

/** Queues one event: {type, videoId | streamId, ...type fields}. */
export function track(type, fields = {}) {
  queue.push({ eventId: randomId(), type, deviceId: deviceId(), clientTime: Date.now(), ...fields });
  if (queue.length >= MAX_BATCH) flush();
  else if (!timer) timer = setTimeout(flush, FLUSH_MS);
}

/** Sends what is queued plus what earlier batches could not deliver. */
export async function flush() {
  clearTimeout(timer);
  timer = null;
  if (sending) return;
  const batch = pending().concat(queue).slice(0, 500);
  if (!batch.length) return;
  const sentIds = new Set(batch.map(e => e.eventId));
  queue = queue.filter(e => !sentIds.has(e.eventId));
  localStorage.setItem(PENDING_KEY, JSON.stringify(pending().filter(e => !sentIds.has(e.eventId))));
  sending = true;
  try {
    const headers = { 'Content-Type': 'application/json', 'X-Device-Id': deviceId() };
    const token = auth.token();
    if (token) headers.Authorization = `Bearer ${token}`;
    const r = await fetch('/api/events', { method: 'POST', headers, body: JSON.stringify({ events: batch }) });
    if (r.status !== 202 && r.status !== 400) keep(batch); // 400: the batch itself is wrong; resending won't help
  } catch {
    keep(batch);
  } finally {
    sending = false;
  }
  if (queue.length || pending().length) timer = setTimeout(flush, FLUSH_MS * 2);
}

// Page hidden or closed: hand what is queued to the browser, which sends it even after the page is gone. A
// beacon cannot carry the token, so these events are the device's.
function beacon() {
  const batch = pending().concat(queue).slice(0, 500);
  if (!batch.length || !navigator.sendBeacon) return;
  const ok = navigator.sendBeacon('/api/events', new Blob([JSON.stringify({ events: batch })], { type: 'application/json' }));
  if (ok) {
    queue = [];
    localStorage.removeItem(PENDING_KEY);
  }
}
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') beacon(); });
window.addEventListener('pagehide', beacon);

/**
 * Watch events of one video element: play (first frame), heartbeat every 10 s of playback (position, seconds
 * watched since the last one), complete (ended, or 90 % watched), and skip (left before 30 s). Returns a function
 * to call when the page goes, which sends the skip if due.
 */
export function watchTracker(video, item) {
  let played = false;
  let completed = false;
  let watched = 0;
  let sinceBeat = 0;
  let last = null;
  const onPlaying = () => {
    if (!played) {
      played = true;
      track('play', item);
    }
  };
  const onTime = () => {
    const t = video.currentTime;
    if (last !== null && !video.paused && t > last && t - last < 2) {
      watched += t - last;
      sinceBeat += t - last;
    }
    last = t;
    if (sinceBeat >= 10) {
      track('heartbeat', { ...item, position: Math.round(t), watchedSeconds: Math.round(sinceBeat) });
      sinceBeat = 0;
    }
    if (!completed && video.duration && t / video.duration >= 0.9) complete();
  };
  const complete = () => {
    if (completed) return;
    completed = true;
    track('complete', item);
  };
  video.addEventListener('playing', onPlaying);
  video.addEventListener('timeupdate', onTime);
  video.addEventListener('ended', complete);
  return () => {
    video.removeEventListener('playing', onPlaying);
    video.removeEventListener('timeupdate', onTime);
    video.removeEventListener('ended', complete);
    if (sinceBeat >= 1) track('heartbeat', { ...item, position: Math.round(video.currentTime || 0), watchedSeconds: Math.round(sinceBeat) });
    if (played && !completed && watched < 30) track('skip', { ...item, afterSeconds: Math.round(watched) });
    flush();
  };
}

/** Impressions of cards as they come into view (once per card and page view). */
export function impressions(container) {
  if (!('IntersectionObserver' in window)) return () => {};
  const seen = new Set();
  const io = new IntersectionObserver(entries => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      const { videoId, streamId } = e.target.dataset;
      const key = videoId || streamId;
      if (!key || seen.has(key)) continue;
      seen.add(key);
      track('impression', videoId ? { videoId } : { streamId });
      io.unobserve(e.target);
    }
  }, { threshold: 0.5 });
  const observe = () => container.querySelectorAll('[data-video-id], [data-stream-id]').forEach(el => io.observe(el));
  const mo = new MutationObserver(observe);
  mo.observe(container, { childList: true, subtree: true });
  observe();
  return () => { io.disconnect(); mo.disconnect(); };
}
