// Upload: pick or drop files, tus upload with progress, speed, ETA, pause/resume; a reload keeps the upload
// URL (localStorage) and picking the same file again resumes it; then transcode progress over SSE until ready.
import { auth, api, readEvents } from '../js/api.js';
import { h, formatBytes, formatDuration } from '../js/dom.js';
import { TusUpload, pendingUploads, forgetUpload } from '../js/tus.js';
import { loginPrompt } from './login.js';

export function render(main) {
  if (!auth.user()) { loginPrompt(main, 'Upload a video'); return; }
  const aborts = [];
  const uploads = [];

  const input = h('input', { type: 'file', id: 'file', accept: 'video/*,audio/*', multiple: true, class: 'visually-hidden',
    onchange: () => { addFiles(input.files); input.value = ''; } });
  const title = h('input', { id: 'title', placeholder: '(the file name)', maxlength: 200 });
  const tags = h('input', { id: 'tags', placeholder: 'anime, nba' });
  const visibility = h('select', { id: 'visibility' },
    h('option', { value: 'public' }, 'Public'), h('option', { value: 'unlisted' }, 'Unlisted'), h('option', { value: 'private' }, 'Private'));
  const drop = h('label', { for: 'file', class: 'drop', tabindex: '0',
    onkeydown: e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } } },
  h('strong', {}, 'Drop video files here'), h('span', {}, 'or press to choose files'));
  for (const ev of ['dragenter', 'dragover']) drop.addEventListener(ev, e => { e.preventDefault(); drop.classList.add('over'); });
  for (const ev of ['dragleave', 'drop']) drop.addEventListener(ev, () => drop.classList.remove('over'));
  drop.addEventListener('drop', e => { e.preventDefault(); addFiles(e.dataTransfer.files); });

  const list = h('div', { id: 'uploads', class: 'uploads' });
  const pendingBox = h('div', { id: 'pending' });
  main.append(h('h1', {}, 'Upload'),
    h('div', { class: 'upload-form' },
      h('div', { class: 'fields' },
        h('label', { for: 'title' }, 'Title'), title,
        h('label', { for: 'tags' }, 'Tags (comma-separated)'), tags,
        h('label', { for: 'visibility' }, 'Visibility'), visibility),
      drop, input),
    pendingBox, list);

  showPending();

  function showPending() {
    const pending = Object.entries(pendingUploads());
    pendingBox.replaceChildren();
    if (!pending.length) return;
    pendingBox.append(h('h2', {}, 'Unfinished uploads'),
      h('p', { class: 'muted' }, 'Pick or drop the same file again to resume where it stopped.'),
      h('ul', { class: 'pending' }, pending.map(([fp, p]) => h('li', {},
        h('span', {}, p.title || p.name), ' ',
        h('span', { class: 'muted' }, `${formatBytes(p.offset || 0)} of ${formatBytes(p.size)}`), ' ',
        h('button', { type: 'button', class: 'link', onclick: async () => {
          forgetUpload(fp);
          if (p.url) await fetch(p.url, { method: 'DELETE', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${auth.token()}` } }).catch(() => {});
          showPending();
        } }, 'Discard')))));
  }

  function addFiles(files) {
    for (const file of files) uploads.push(startUpload(file));
    showPending();
  }

  function startUpload(file) {
    const bar = h('progress', { max: 100, value: 0, 'aria-label': `Upload of ${file.name}` });
    const pct = h('span', { class: 'pct' }, '0%');
    const stats = h('span', { class: 'muted stats' });
    const state = h('p', { class: 'state', role: 'status' }, 'Starting…');
    const pauseBtn = h('button', { type: 'button', class: 'pause' }, 'Pause');
    const tc = h('progress', { max: 100, value: 0, class: 'transcode', hidden: true, 'aria-label': 'Transcoding' });
    const links = h('p', { class: 'links' });
    const row = h('section', { class: 'card upload' },
      h('h3', {}, title.value.trim() || file.name), h('p', { class: 'muted' }, `${file.name} · ${formatBytes(file.size)}`),
      h('div', { class: 'bar' }, bar, pct), stats, h('div', {}, pauseBtn), state, tc, links);
    list.prepend(row);

    // Speed over the last few seconds, for the speed and the ETA.
    const samples = [];
    const upload = new TusUpload(file, {
      metadata: { title: title.value.trim() || undefined, tags: tags.value.trim() || undefined, visibility: visibility.value },
      onState: text => { state.textContent = text; },
      onProgress: (sent, total) => {
        const now = performance.now();
        samples.push([now, sent]);
        while (samples.length > 2 && now - samples[0][0] > 5000) samples.shift();
        const p = total ? (sent / total) * 100 : 100;
        bar.value = p;
        pct.textContent = `${Math.floor(p)}%`;
        const [t0, b0] = samples[0];
        const speed = now > t0 ? ((sent - b0) / (now - t0)) * 1000 : 0;
        stats.textContent = `${formatBytes(sent)} of ${formatBytes(total)}` +
          (speed > 0 ? ` · ${formatBytes(speed)}/s · ${formatDuration(((total - sent) / speed) * 1000)} left` : '');
        if (upload.running) state.textContent = upload.resumedFrom ? `Uploading (resumed at ${formatBytes(upload.resumedFrom)})…` : 'Uploading…';
        row.dataset.videoId = upload.videoId || '';
        if (upload.resumedFrom != null) state.dataset.resumedFrom = String(upload.resumedFrom);
      },
      onSuccess: ({ videoId }) => {
        bar.value = 100;
        pct.textContent = '100%';
        pauseBtn.hidden = true;
        state.textContent = 'Uploaded. Waiting for processing…';
        row.dataset.videoId = videoId;
        showPending();
        follow(videoId);
      },
      onError: err => { state.textContent = `Upload failed: ${err.message}`; state.classList.add('error'); pauseBtn.textContent = 'Retry'; },
    });
    pauseBtn.addEventListener('click', () => {
      if (upload.running) {
        upload.pause();
        pauseBtn.textContent = 'Resume';
        state.textContent = 'Paused';
      } else {
        pauseBtn.textContent = 'Pause';
        state.classList.remove('error');
        upload.start();
      }
    });
    upload.start();

    // Transcode progress: SSE until the end event, reconnecting while the video waits for its bytes.
    async function follow(videoId) {
      const ac = new AbortController();
      aborts.push(ac);
      tc.hidden = false;
      let finished = false;
      const finish = async () => {
        const video = await api(`/api/videos/${encodeURIComponent(videoId)}`).catch(() => null);
        if (video && video.status === 'ready') {
          tc.value = 100;
          state.textContent = 'Ready';
          row.classList.add('ready');
          links.replaceChildren(h('a', { href: `#/watch/${encodeURIComponent(videoId)}`, class: 'button watch-link' }, 'Watch'));
        } else if (video && video.status === 'failed') {
          state.textContent = `Processing failed: ${video.failureReason || 'unknown reason'}`;
          state.classList.add('error');
        } else {
          return false;
        }
        finished = true;
        return true;
      };
      const onEvent = (name, data) => {
        if (name === 'state' || name === 'progress') {
          const percent = data.percent ?? data.transcode?.percent;
          const s = data.state || data.transcode?.state || data.status;
          if (percent != null) tc.value = percent;
          state.textContent = s === 'running' || percent != null
            ? `Transcoding… ${Math.floor(percent || 0)}%${data.etaSeconds ? ` · about ${formatDuration(data.etaSeconds * 1000)} left` : ''}`
            : `Processing (${s || 'waiting'})…`;
        } else if (name === 'end') {
          tc.value = data.percent ?? (data.status === 'ready' ? 100 : tc.value);
          state.textContent = 'Finishing…';
        }
      };
      while (!finished && !ac.signal.aborted) {
        try {
          await readEvents(`/api/videos/${encodeURIComponent(videoId)}/events`, onEvent, ac.signal);
        } catch (e) {
          if (ac.signal.aborted) return;
        }
        if (!finished && !ac.signal.aborted && await finish()) return;
        await new Promise(r => setTimeout(r, 1000));
      }
    }
    return upload;
  }

  return () => {
    aborts.forEach(a => a.abort());
    uploads.forEach(u => u.running && u.pause());
  };
}
