// Home: live now, recommendations (with reasons), trending, recent videos. Feeds that are not built
// yet (404) are left out.
import { api, optionalApi } from '../js/api.js';
import { impressions, deviceId } from '../js/tracking.js';
import { h, formatDuration, formatCount } from '../js/dom.js';

export function videoCard(v, reason) {
  const thumb = h('div', { class: 'thumb' },
    v.poster ? h('img', { src: v.poster, alt: '', loading: 'lazy' }) : h('div', { class: 'noposter' }, '▶'),
    v.durationMs || v.durationSeconds ? h('span', { class: 'badge' }, formatDuration(v.durationMs || v.durationSeconds * 1000)) : null);
  return h('a', { class: 'card video-card', href: `#/watch/${encodeURIComponent(v.id)}`, dataset: { videoId: v.id } },
    thumb,
    h('span', { class: 'card-title' }, v.title || '(untitled)'),
    h('span', { class: 'muted' }, (v.owner && v.owner.username) || '', v.status && v.status !== 'ready' ? ` · ${v.status}` : ''),
    reason ? h('span', { class: 'reason' }, reason) : null);
}

function streamCard(s) {
  return h('a', { class: 'card video-card live-card', href: `#/live/${encodeURIComponent(s.id)}`, dataset: { streamId: s.id } },
    h('div', { class: 'thumb' }, h('div', { class: 'noposter' }, 'LIVE'), h('span', { class: 'badge live' }, '● live')),
    h('span', { class: 'card-title' }, s.title || '(untitled stream)'),
    h('span', { class: 'muted' }, `${formatCount(s.viewers || 0)} watching`));
}

/** Feed answers come in a few shapes: {items}, {videos}, an array; entries a video or {video, reason(s)}. */
function feedItems(r) {
  const list = r && (r.items || r.videos || r.recommendations || r.trending || (Array.isArray(r) ? r : null));
  return (list || []).map(e => {
    const v = e.video || e;
    const reasons = e.reasons || v.reasons || (e.reason ? [e.reason] : v.reason ? [v.reason] : []);
    const reason = reasons.map(x => (typeof x === 'string' ? x : x.text || x.label || x.type || '')).filter(Boolean).join(' · ');
    return { v, reason };
  }).filter(x => x.v && x.v.id);
}

function section(title, id) {
  const grid = h('div', { class: 'grid' });
  const el = h('section', { id, hidden: true }, h('h2', {}, title), grid);
  return { el, grid };
}

export function render(main) {
  const live = section('Live now', 'live-now');
  const recs = section('Recommended for you', 'recommended');
  const trending = section('Trending', 'trending');
  const recent = section('Recent videos', 'recent');
  const empty = h('p', { class: 'muted', hidden: true }, 'No videos yet. ', h('a', { href: '#/upload' }, 'Upload the first one'), '.');
  main.append(live.el, recs.el, trending.el, recent.el, empty);

  const fill = (s, cards) => { s.grid.replaceChildren(...cards); s.el.hidden = cards.length === 0; };
  const ac = new AbortController();
  const load = async () => {
    const [streams, r, t, v] = await Promise.all([
      optionalApi('/api/streams/live', { signal: ac.signal }).catch(() => null),
      // Signed in: the user's feed (the token says who); otherwise this browser's, by its tracking device id.
      optionalApi(`/api/recommendations?limit=12&deviceId=${encodeURIComponent(deviceId())}`, { signal: ac.signal }).catch(() => null),
      optionalApi('/api/trending?limit=12', { signal: ac.signal }).catch(() => null),
      api('/api/videos?size=24', { signal: ac.signal }).catch(() => null),
    ]);
    if (ac.signal.aborted) return;
    fill(live, ((streams && streams.streams) || []).map(streamCard));
    const card = ({ v, reason }) => (v.kind === 'stream' ? streamCard(v) : videoCard(v, reason));
    fill(recs, feedItems(r).map(card));
    fill(trending, feedItems(t).map(card));
    fill(recent, ((v && v.items) || []).map(x => videoCard(x)));
    empty.hidden = !(live.el.hidden && recs.el.hidden && trending.el.hidden && recent.el.hidden);
  };
  load();
  const timer = setInterval(() => { if (!document.hidden) load(); }, 15000);
  const stopImpressions = impressions(main);
  return () => { clearInterval(timer); ac.abort(); stopImpressions(); };
}
