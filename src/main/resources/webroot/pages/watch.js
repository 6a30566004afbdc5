// Watch: hls.js player with a quality menu, danmaku over the video in sync with its time (room WebSocket),
// a send box, likes, and related videos (or recent ones when the related feed is not there).
import { api, optionalApi, auth } from '../js/api.js';
import { h, formatCount } from '../js/dom.js';
import { attach, qualityMenu, loadHls } from '../js/player.js';
import { Room } from '../js/room.js';
import { DanmakuOverlay } from '../js/danmaku.js';
import { giftBar } from '../js/gifts.js';
import { videoCard } from './home.js';
import { watchTracker } from '../js/tracking.js';
import { seekBar } from '../js/seekbar.js';
import { takePrefetch } from '../js/prefetch.js';

export async function render(main, [id]) {
  // hls.js is parsed and run while the video's JSON is on its way, not after it.
  loadHls().catch(() => {});
  // What index.html's bootstrap already fetched for this video (on the first page of a visit).
  const pre = takePrefetch(id);
  let video;
  try {
    video = (pre && await pre.video.catch(() => null)) || await api(`/api/videos/${encodeURIComponent(id)}`);
  } catch (e) {
    main.append(h('h1', {}, 'Video not found'), h('p', { class: 'error' }, e.message));
    return;
  }
  const cleanups = [];
  const me = auth.user();

  const el = h('video', { id: 'player', controls: true, playsinline: true, autoplay: true, preload: 'metadata', poster: video.poster || null });
  const overlay = h('div', { class: 'danmaku-layer', 'aria-hidden': 'true' });
  const notice = h('div', { class: 'player-notice', hidden: true });
  const stage = h('div', { class: 'stage' }, el, overlay, notice);
  const dm = new DanmakuOverlay(overlay, el);
  const seek = seekBar(el, video.storyboard || null);
  cleanups.push(seek.destroy);

  const quality = qualityMenu(i => player && player.setLevel(i));
  let levels = [];
  const likeCount = h('span', { class: 'likes-count' }, '0');
  const online = h('span', { class: 'online' }, '');
  const likeBtn = h('button', { type: 'button', class: 'like', 'aria-label': 'Like', disabled: !me }, '♥ Like ', likeCount);
  const toggle = h('input', { type: 'checkbox', id: 'dm-toggle', checked: true, onchange: () => dm.setEnabled(toggle.checked) });
  const density = h('select', { id: 'dm-density', 'aria-label': 'Danmaku density', onchange: () => dm.setDensity(Number(density.value)) },
    h('option', { value: '1' }, 'Dense'), h('option', { value: '0.5' }, 'Normal'), h('option', { value: '0.25' }, 'Sparse'));
  const text = h('input', { id: 'dm-text', maxlength: 200, placeholder: me ? 'Send a danmaku…' : 'Log in to send danmaku', disabled: !me, 'aria-label': 'Danmaku text' });
  const color = h('input', { type: 'color', id: 'dm-color', value: '#ffffff', 'aria-label': 'Danmaku colour' });
  const mode = h('select', { id: 'dm-mode', 'aria-label': 'Danmaku position' },
    h('option', { value: 'scroll' }, 'Scroll'), h('option', { value: 'top' }, 'Top'), h('option', { value: 'bottom' }, 'Bottom'));
  const sendError = h('span', { class: 'error', role: 'status' });
  const form = h('form', { class: 'dm-send', onsubmit: async e => {
    e.preventDefault();
    const t = text.value.trim();
    if (!t) return;
    sendError.textContent = '';
    try {
      await room.request({ type: 'danmaku', text: t, color: color.value, mode: mode.value, videoTime: el.currentTime || 0 });
      text.value = '';
    } catch (err) {
      sendError.textContent = err.message;
    }
  } }, text, color, mode, h('button', { type: 'submit', disabled: !me }, 'Send'), sendError);

  const tags = (video.tags || []).map(t => h('span', { class: 'tag' }, t));
  const related = h('div', { class: 'grid related' });
  const relatedTitle = h('h2', {}, 'Related');
  main.append(h('div', { class: 'watch' },
    h('div', { class: 'watch-main' }, stage, seek.el,
      h('div', { class: 'controls-row' }, quality.el,
        h('label', { class: 'ctl', for: 'dm-toggle' }, toggle, ' Danmaku'), density, likeBtn, giftBar(() => room), online),
      form,
      h('h1', { class: 'title' }, video.title || '(untitled)'),
      h('p', { class: 'muted' }, 'by ', (video.owner && video.owner.username) || 'someone', ' ', tags),
      video.description ? h('p', { class: 'description' }, video.description) : null),
    h('aside', { class: 'watch-side' }, relatedTitle, related)));

  let player = null;
  if (video.status !== 'ready') {
    notice.hidden = false;
    notice.textContent = video.status === 'failed' ? `This video failed: ${video.failureReason || ''}` : `This video is ${video.status}; it will play once ready.`;
  } else {
    try {
      player = await attach(el, video.playbackUrl, {
        prefetched: pre && pre.files,
        onLevels: l => { levels = l; quality.setLevels(l); },
        onLevel: (i, autoOn) => quality.showLevel(i, autoOn, levels),
        onFatal: d => { notice.hidden = false; notice.textContent = `Playback error: ${d.details}`; },
      });
      cleanups.push(() => player.destroy());
      cleanups.push(watchTracker(el, { videoId: id }));
      // Starts at once where the browser allows it; otherwise the controls' play button does.
      el.play().catch(() => {});
    } catch (e) {
      notice.hidden = false;
      notice.textContent = e.message;
    }
  }

  // What is not needed for the first frame waits for it (or 1.5 s), so that it does not compete with the
  // playlists and the first segment for the node and the page's main thread.
  const afterFirstFrame = new Promise(resolve => {
    el.addEventListener('loadeddata', resolve, { once: true });
    setTimeout(resolve, 1500);
  });

  // Danmaku already sent for this video, replayed at their video time.
  afterFirstFrame.then(() => api(`/api/videos/${encodeURIComponent(id)}/danmaku`)).then(r => dm.load(r.danmaku || [])).catch(() => {});

  let likesTotal = 0;
  const room = new Room(video.roomId || `v-${id}`, {
    onPresence: n => { online.textContent = `${formatCount(n)} watching`; },
    onMessage: m => {
      if (m.kind === 'danmaku') {
        const mine = me && m.user && m.user.id === me.id;
        dm.addToTimeline(m);
        dm.show({ ...m, mine });
      } else if (m.kind === 'gift') {
        dm.show({ text: `${(m.user && m.user.name) || '?'} sent ${m.count || 1} × ${m.gift}`, mode: 'top', color: '#ffc861' });
      } else if (m.kind === 'likes') {
        likesTotal = m.total ?? likesTotal + (m.count || 0);
        likeCount.textContent = formatCount(likesTotal);
      }
    },
  });
  cleanups.push(() => room.close());
  likeBtn.addEventListener('click', () => {
    likeBtn.classList.add('liked');
    room.request({ type: 'like' }).catch(err => { sendError.textContent = err.message; });
  });

  // Related videos, or the recent ones while no related feed exists.
  (async () => {
    await afterFirstFrame;
    let items = null;
    try {
      const r = await optionalApi(`/api/videos/${encodeURIComponent(id)}/related`);
      items = r && (r.items || r.videos || (Array.isArray(r) ? r : null));
    } catch { items = null; }
    if (!items || !items.length) {
      relatedTitle.textContent = 'More videos';
      const r = await api('/api/videos?size=12').catch(() => null);
      items = r ? r.items : [];
    }
    items.map(i => i.video || i).filter(v => v.id !== id).slice(0, 10).forEach(v => related.append(videoCard(v)));
  })();

  return () => cleanups.forEach(fn => fn());
}
