// Live: a low-latency hls.js player for /live/{id}/index.m3u8, the stream's room (danmaku over the video,
// a chat list, likes, online count) and an "offline" / "stream ended" state.
import { api, auth } from '../js/api.js';
import { h, formatCount } from '../js/dom.js';
import { attach } from '../js/player.js';
import { Room } from '../js/room.js';
import { DanmakuOverlay } from '../js/danmaku.js';
import { giftBar } from '../js/gifts.js';
import { watchTracker } from '../js/tracking.js';

export async function render(main, [id]) {
  let stream;
  try {
    stream = await api(`/api/streams/${encodeURIComponent(id)}`);
  } catch (e) {
    main.append(h('h1', {}, 'Stream not found'), h('p', { class: 'error' }, e.message));
    return;
  }
  const me = auth.user();
  const cleanups = [];
  const el = h('video', { id: 'player', controls: true, playsinline: true, muted: true, autoplay: true });
  el.muted = true; // browsers start muted videos without a click
  const overlay = h('div', { class: 'danmaku-layer', 'aria-hidden': 'true' });
  const notice = h('div', { class: 'player-notice', id: 'live-state', role: 'status' }, 'Connecting…');
  const dm = new DanmakuOverlay(overlay, null);
  const online = h('span', { class: 'online', id: 'online' }, '');
  const likeCount = h('span', { class: 'likes-count' }, '0');
  const likeBtn = h('button', { type: 'button', class: 'like', disabled: !me }, '♥ Like ', likeCount);
  const chat = h('ol', { class: 'chat', 'aria-live': 'polite', 'aria-label': 'Chat' });
  const text = h('input', { id: 'dm-text', maxlength: 200, disabled: !me, placeholder: me ? 'Say something…' : 'Log in to chat', 'aria-label': 'Message' });
  const err = h('span', { class: 'error' });
  const badge = h('span', { class: 'badge live', hidden: true }, '● LIVE');
  main.append(h('div', { class: 'watch' },
    h('div', { class: 'watch-main' }, h('div', { class: 'stage' }, el, overlay, notice),
      h('div', { class: 'controls-row' }, badge, online, likeBtn, giftBar(() => room),
        h('label', { class: 'ctl' }, h('input', { type: 'checkbox', checked: true, onchange: e => dm.setEnabled(e.target.checked) }), ' Danmaku')),
      h('h1', { class: 'title' }, stream.title || '(untitled stream)')),
    h('aside', { class: 'watch-side' }, h('h2', {}, 'Chat'), chat,
      h('form', { class: 'dm-send', onsubmit: async e => {
        e.preventDefault();
        const t = text.value.trim();
        if (!t) return;
        err.textContent = '';
        try { await room.request({ type: 'danmaku', text: t }); text.value = ''; } catch (x) { err.textContent = x.message; }
      } }, text, h('button', { type: 'submit', disabled: !me }, 'Send'), err))));

  let player = null;
  let state = 'connecting';
  const setState = (s, message) => {
    state = s;
    notice.hidden = s === 'playing';
    notice.textContent = message || '';
    badge.hidden = s !== 'playing';
    main.querySelector('.watch').dataset.state = s;
  };
  const ended = () => {
    if (player) { player.destroy(); player = null; }
    const b = (stream.broadcasts || []).find(x => x.recordingVideoId);
    setState('ended', 'The stream has ended.');
    if (b) notice.append(' ', h('a', { href: `#/watch/${encodeURIComponent(b.recordingVideoId)}` }, 'Watch the recording'));
  };
  const start = async () => {
    if (player) return;
    try {
      player = await attach(el, `/live/${encodeURIComponent(id)}/index.m3u8`, {
        live: true,
        onEnded: ended,
        onFatal: d => {
          if (player) { player.destroy(); player = null; }
          if (state !== 'ended') setState('offline', d.response && d.response.code === 404 ? 'The stream is offline.' : `Waiting for the stream… (${d.details})`);
        },
      });
      el.play().catch(() => {});
    } catch (e) { setState('offline', e.message); }
  };
  el.addEventListener('playing', () => setState('playing'));
  setState('connecting', 'Connecting…');
  start();
  // While offline, look again every few seconds.
  const timer = setInterval(() => { if (!player && state !== 'ended') start(); }, 3000);
  cleanups.push(() => clearInterval(timer), () => player && player.destroy(), watchTracker(el, { streamId: id }));

  let likes = 0;
  const room = new Room(stream.roomId || `s-${id}`, {
    onPresence: n => { online.textContent = `${formatCount(n)} online`; online.dataset.count = String(n); },
    onMessage: m => {
      if (m.kind === 'danmaku') {
        dm.show({ ...m, mine: me && m.user && m.user.id === me.id });
        chat.append(h('li', {}, h('strong', {}, (m.user && m.user.name) || '?'), ' ', h('span', { class: 'chat-text' }, m.text)));
        while (chat.children.length > 200) chat.firstChild.remove();
        chat.scrollTop = chat.scrollHeight;
      } else if (m.kind === 'likes') {
        likes = m.total ?? likes + (m.count || 0);
        likeCount.textContent = formatCount(likes);
      } else if (m.kind === 'gift') {
        chat.append(h('li', { class: 'gift' }, h('strong', {}, (m.user && m.user.name) || '?'), ` sent ${m.count || 1} × ${m.gift}`));
      } else if (m.kind === 'system' && m.event === 'stream_ended') {
        api(`/api/streams/${encodeURIComponent(id)}`).then(s => { stream = s; }).catch(() => {}).finally(ended);
      } else if (m.kind === 'system' && m.event === 'stream_started') {
        setState('connecting', 'The stream is starting…');
        start();
      }
    },
  });
  cleanups.push(() => room.close());
  likeBtn.addEventListener('click', () => room.request({ type: 'like' }).catch(x => { err.textContent = x.message; }));
  return () => cleanups.forEach(fn => fn());
}
