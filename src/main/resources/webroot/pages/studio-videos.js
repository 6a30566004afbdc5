// Studio, videos: one's own videos with status and transcode progress, an inline editor for title and tags
// (PATCH /api/videos/{id}), and delete. The list refreshes every few seconds, but not while a row is being edited.
import { api } from '../js/api.js';
import { h, formatDuration } from '../js/dom.js';

const REFRESH_MS = 5000;

function status(v) {
  const p = v.transcode && v.transcode.percent;
  return v.status === 'processing' && p != null ? `${v.status} ${Math.floor(p)}%` : v.status;
}

/** "a, b ,c" → ['a', 'b', 'c'] */
function parseTags(text) {
  return text.split(',').map(t => t.trim()).filter(Boolean);
}

/** The "My videos" section for `user`. Returns {el, destroy()}. */
export function videosSection(user) {
  const list = h('tbody');
  const el = h('section', { class: 'card' }, h('h2', {}, 'My videos'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'my-videos' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Title'), h('th', {}, 'Tags'), h('th', {}, 'Status'), h('th', {}, 'Duration'), h('th', {}, ''))), list)));
  let editing = null;

  const editor = (v, row) => {
    const title = h('input', { class: 'edit-title', value: v.title || '', maxlength: 200, required: true, 'aria-label': 'Title' });
    const tags = h('input', { class: 'edit-tags', value: (v.tags || []).join(', '), 'aria-label': 'Tags, comma-separated', placeholder: 'tag, tag' });
    const error = h('span', { class: 'error', role: 'alert' });
    const close = () => { editing = null; load(); };
    const form = h('form', { class: 'inline edit', onsubmit: async e => {
      e.preventDefault();
      error.textContent = '';
      try {
        await api(`/api/videos/${encodeURIComponent(v.id)}`, { method: 'PATCH', body: { title: title.value.trim(), tags: parseTags(tags.value) } });
        close();
      } catch (x) { error.textContent = x.message; }
    }, onkeydown: e => { if (e.key === 'Escape') close(); } },
    title, tags, h('button', { type: 'submit' }, 'Save'), h('button', { type: 'button', class: 'link', onclick: close }, 'Cancel'), error);
    row.replaceChildren(h('td', { colspan: 5 }, form));
    editing = v.id;
    title.focus();
  };

  const row = v => {
    const tr = h('tr', { dataset: { videoId: v.id } });
    tr.append(
      h('td', {}, h('a', { class: 'video-title', href: `#/watch/${encodeURIComponent(v.id)}` }, v.title || '(untitled)')),
      h('td', {}, (v.tags || []).map(t => h('span', { class: 'tag' }, t))),
      h('td', { class: 'status' }, status(v)),
      h('td', {}, formatDuration(v.durationMs)),
      h('td', { class: 'actions' },
        h('button', { type: 'button', class: 'link edit-button', onclick: () => editor(v, tr) }, 'Edit'), ' ',
        h('button', { type: 'button', class: 'link', onclick: async () => {
          if (!confirm(`Delete “${v.title}”?`)) return;
          await api(`/api/videos/${encodeURIComponent(v.id)}`, { method: 'DELETE' }).catch(x => alert(x.message));
          load();
        } }, 'Delete')));
    return tr;
  };

  const load = async () => {
    if (editing) return;
    const r = await api(`/api/videos?owner=${encodeURIComponent(user.name)}&size=100`).catch(() => null);
    if (r && !editing) list.replaceChildren(...(r.items || []).map(row));
  };
  load();
  const timer = setInterval(load, REFRESH_MS);
  return { el, destroy: () => clearInterval(timer) };
}
