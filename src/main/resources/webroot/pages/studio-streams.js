// Studio, streams: create one, see its key and ingest URLs (copy buttons, OBS hint), and a muted low-latency
// preview that appears when the stream goes live. There is no "my streams" API, so the streams made in this
// browser are remembered (ids and titles only, never keys) and shown again after a reload; "New key" makes a
// fresh key when the old one is gone.
import { api } from '../js/api.js';
import { h } from '../js/dom.js';
import { attach } from '../js/player.js';

const LIVE_POLL_MS = 3000;
const REMEMBERED = 5;

function storageKey(user) { return `reelay.streams.${user.id}`; }

function remembered(user) {
  try { return JSON.parse(localStorage.getItem(storageKey(user)) || '[]'); } catch { return []; }
}

function remember(user, stream) {
  const list = [{ id: stream.id, title: stream.title }, ...remembered(user).filter(s => s.id !== stream.id)].slice(0, REMEMBERED);
  localStorage.setItem(storageKey(user), JSON.stringify(list));
}

function copyField(label, value) {
  const input = h('input', { readonly: true, value, 'aria-label': label, class: 'mono' });
  const done = h('span', { class: 'muted', role: 'status' });
  const copy = async () => {
    input.select();
    try { await navigator.clipboard.writeText(value); } catch { document.execCommand('copy'); }
    done.textContent = 'Copied';
    setTimeout(() => { done.textContent = ''; }, 1500);
  };
  return h('div', { class: 'copy' }, h('label', {}, label), input, h('button', { type: 'button', onclick: copy }, 'Copy'), done);
}

/** Key, RTMP and SRT URLs and the OBS hint for a stream answered with its key (create or rotate). */
function keyDetails(s) {
  return [
    h('p', {}, 'The stream key is shown only now. Keep it secret.'),
    copyField('RTMP URL', s.rtmpUrl), copyField('Stream key', s.streamKey), copyField('SRT URL', s.srtUrl),
    h('p', { class: 'muted' }, 'OBS: Settings → Stream → Service "Custom", Server ',
      h('code', {}, s.rtmpUrl.replace(/\/[^/]*$/, '')), ', Stream Key as above (or the SRT URL as Server, key empty). ',
      'Output: x264, keyframe interval 1 s, CBR, tune zerolatency; the lowest delay comes with a 1 s keyframe interval.'),
  ];
}

/** One stream's card: title, live state, preview player, key details when known. Returns {el, poll(liveIds), destroy()}. */
function streamCard(stream) {
  const video = h('video', { class: 'preview', muted: true, playsinline: true, autoplay: true, 'aria-label': `Preview of ${stream.title || 'the stream'}` });
  video.muted = true; // a muted video may start without a click
  const state = h('span', { class: 'stream-state muted', role: 'status' }, 'Offline: waiting for the encoder…');
  const keyBox = h('div', { class: 'stream-key' });
  const error = h('span', { class: 'error' });
  const preview = h('div', { class: 'preview-box', hidden: true }, video);
  const el = h('article', { class: 'stream card', dataset: { streamId: stream.id, state: 'offline' } },
    h('h3', {}, stream.title || '(untitled stream)'), state, preview, keyBox,
    h('p', { class: 'inline' },
      h('a', { class: 'button', href: `#/live/${encodeURIComponent(stream.id)}` }, 'Open the live page'), ' ',
      h('button', { type: 'button', class: 'link', onclick: async () => {
        if (!confirm('Make a new key? The old one stops working at once.')) return;
        try { keyBox.replaceChildren(...keyDetails(await api(`/api/streams/${encodeURIComponent(stream.id)}/key`, { method: 'POST' }))); } catch (x) { error.textContent = x.message; }
      } }, 'New key'), ' ', error));
  if (stream.streamKey) keyBox.replaceChildren(...keyDetails(stream));

  let player = null;
  const stop = () => { if (player) { player.destroy(); player = null; } preview.hidden = true; };
  const poll = async liveIds => {
    const live = liveIds.has(stream.id);
    el.dataset.state = live ? 'live' : 'offline';
    state.textContent = live ? '● Live' : 'Offline: waiting for the encoder…';
    state.classList.toggle('badge', live);
    state.classList.toggle('live', live);
    if (!live) { stop(); return; }
    if (player) return;
    preview.hidden = false;
    try {
      player = await attach(video, `/live/${encodeURIComponent(stream.id)}/index.m3u8`, { live: true, onFatal: stop, onEnded: stop });
      video.play().catch(() => {});
    } catch (x) { error.textContent = x.message; }
  };
  return { el, poll, destroy: stop };
}

/** The "Go live" section for `user`. Returns {el, destroy()}. */
export function streamsSection(user) {
  const title = h('input', { id: 'stream-title', placeholder: 'My stream', maxlength: 200 });
  const error = h('p', { class: 'error', role: 'alert' });
  const list = h('div', { id: 'streams', class: 'streams' });
  const cards = new Map();
  const add = (stream, first) => {
    cards.get(stream.id)?.destroy();
    cards.get(stream.id)?.el.remove();
    const card = streamCard(stream);
    cards.set(stream.id, card);
    if (first) list.prepend(card.el); else list.append(card.el);
    return card;
  };
  const el = h('section', { class: 'card' }, h('h2', {}, 'Go live'),
    h('form', { class: 'inline', onsubmit: async e => {
      e.preventDefault();
      error.textContent = '';
      try {
        const s = await api('/api/streams', { method: 'POST', body: { title: title.value.trim() || undefined } });
        remember(user, s);
        list.querySelector('#stream-created')?.removeAttribute('id');
        add(s, true).el.id = 'stream-created';
        refresh();
      } catch (x) { error.textContent = x.message; }
    } }, h('label', { for: 'stream-title' }, 'Title'), title, h('button', { type: 'submit' }, 'Create stream')), error, list);
  remembered(user).forEach(s => add(s, false));

  // Which of them are live: one request for all cards, from the live directory.
  const refresh = async () => {
    if (!cards.size) return;
    const r = await api('/api/streams/live').catch(() => null);
    if (!r) return;
    const ids = new Set((r.streams || []).map(s => s.id));
    cards.forEach(c => c.poll(ids));
  };
  refresh();
  const timer = setInterval(refresh, LIVE_POLL_MS);
  return { el, destroy: () => { clearInterval(timer); cards.forEach(c => c.destroy()); } };
}
