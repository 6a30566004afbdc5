// Studio: create a live stream (key and ingest URLs shown once) and see one's own videos.
import { api, auth } from '../js/api.js';
import { h, formatDuration } from '../js/dom.js';
import { loginPrompt } from './login.js';

function copyField(label, value) {
  const input = h('input', { readonly: true, value, 'aria-label': label, class: 'mono' });
  return h('div', { class: 'copy' }, h('label', {}, label), input,
    h('button', { type: 'button', onclick: () => { input.select(); navigator.clipboard?.writeText(value).catch(() => document.execCommand('copy')); } }, 'Copy'));
}

export async function render(main) {
  const me = auth.user();
  if (!me) { loginPrompt(main, 'Studio'); return; }
  const title = h('input', { id: 'stream-title', placeholder: 'My stream', maxlength: 200 });
  const out = h('div', { id: 'stream-created' });
  const error = h('p', { class: 'error', role: 'alert' });
  main.append(h('h1', {}, 'Studio'),
    h('section', { class: 'card' }, h('h2', {}, 'Go live'),
      h('form', { class: 'inline', onsubmit: async e => {
        e.preventDefault();
        error.textContent = '';
        try {
          const s = await api('/api/streams', { method: 'POST', body: { title: title.value.trim() || undefined } });
          out.replaceChildren(
            h('p', {}, 'Your stream key is shown only now. Keep it secret.'),
            copyField('RTMP URL', s.rtmpUrl), copyField('Stream key', s.streamKey), copyField('SRT URL', s.srtUrl),
            h('p', { class: 'muted' }, 'OBS: Settings → Stream → Service "Custom", Server ',
              h('code', {}, s.rtmpUrl.replace(/\/[^/]*$/, '')), ', Stream Key as above. Keyframe interval 1 s for the lowest delay.'),
            h('p', {}, h('a', { class: 'button', href: `#/live/${encodeURIComponent(s.id)}` }, 'Open the live page')));
        } catch (x) { error.textContent = x.message; }
      } }, h('label', { for: 'stream-title' }, 'Title'), title, h('button', { type: 'submit' }, 'Create stream')), error, out));

  const list = h('tbody');
  main.append(h('section', { class: 'card' }, h('h2', {}, 'My videos'),
    h('div', { class: 'table-wrap' }, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Title'), h('th', {}, 'Status'), h('th', {}, 'Duration'), h('th', {}, ''))), list))));
  const load = async () => {
    const r = await api(`/api/videos?owner=${encodeURIComponent(me.name)}&size=100`).catch(() => null);
    list.replaceChildren(...((r && r.items) || []).map(v => h('tr', {},
      h('td', {}, h('a', { href: `#/watch/${encodeURIComponent(v.id)}` }, v.title || '(untitled)')),
      h('td', {}, v.status, v.transcode && v.status === 'processing' && v.transcode.percent != null ? ` ${Math.floor(v.transcode.percent)}%` : ''),
      h('td', {}, formatDuration(v.durationMs)),
      h('td', {}, h('button', { type: 'button', class: 'link', onclick: async () => {
        if (!confirm(`Delete “${v.title}”?`)) return;
        await api(`/api/videos/${encodeURIComponent(v.id)}`, { method: 'DELETE' }).catch(x => alert(x.message));
        load();
      } }, 'Delete')))));
  };
  load();
  const timer = setInterval(load, 5000);
  return () => clearInterval(timer);
}
