// A seek bar under the video with storyboard previews: hovering, dragging or moving it with the keyboard shows
// the tile for that time and the time itself; the video seeks when the thumb is released (or a key is pressed),
// not on every pointer move, so dragging across the bar does not fetch segments on the way.
import { h, formatDuration } from './dom.js';

/**
 * @param video the <video>; @param storyboardUrl the video's `storyboard` (WebVTT), or null.
 * Returns {el, destroy()}.
 */
export function seekBar(video, storyboardUrl) {
  const range = h('input', { type: 'range', id: 'seek', class: 'seek-range', min: 0, max: 0, step: 0.1, value: 0, 'aria-label': 'Seek' });
  const now = h('span', { class: 'seek-now mono' }, '0:00');
  const total = h('span', { class: 'seek-total mono' }, '0:00');
  const img = h('img', { alt: '', draggable: false });
  const frame = h('div', { class: 'seek-frame', hidden: true }, img);
  const time = h('span', { class: 'seek-time mono' });
  const preview = h('div', { class: 'seek-preview', hidden: true, 'aria-hidden': 'true' }, frame, time);
  const track = h('div', { class: 'seek-track' }, range, preview);
  const el = h('div', { class: 'seek' }, now, track, total);

  // The storyboard (its parser and its VTT) is loaded on the first hover or focus: neither is needed for the
  // first frame, and a static import would add a level to the watch page's module graph.
  let cues = null;
  let cueAt = null;
  let loading = null;
  const ensureCues = () => {
    if (!loading) {
      loading = import('./storyboard.js').then(async m => {
        cueAt = m.cueAt;
        cues = await m.loadStoryboard(storyboardUrl);
        if (!preview.hidden) show(lastT);
      }).catch(() => {});
    }
    return loading;
  };

  let dragging = false;
  let hovering = false;
  let lastT = 0;
  const duration = () => (isFinite(video.duration) ? video.duration : 0);

  function show(t) {
    lastT = t;
    const d = duration();
    if (!d) return;
    t = Math.min(Math.max(t, 0), d);
    time.textContent = formatDuration(t * 1000);
    const cue = cues && cueAt && cueAt(cues, t);
    frame.hidden = !cue;
    if (cue) {
      if (img.dataset.src !== cue.url) { img.src = cue.url; img.dataset.src = cue.url; }
      frame.style.width = `${cue.w}px`;
      frame.style.height = `${cue.h}px`;
      img.style.left = `${-cue.x}px`;
      img.style.top = `${-cue.y}px`;
    }
    preview.hidden = false;
    // Centred over the time's place on the bar, kept inside the bar.
    const width = track.clientWidth;
    const half = (cue ? cue.w : preview.offsetWidth) / 2;
    preview.style.left = `${Math.min(Math.max((t / d) * width, half), Math.max(half, width - half))}px`;
  }
  const hide = () => { if (!dragging && !hovering && document.activeElement !== range) preview.hidden = true; };
  const timeAtPointer = e => {
    const r = range.getBoundingClientRect();
    return ((e.clientX - r.left) / r.width) * duration();
  };

  range.addEventListener('pointerenter', () => { hovering = true; ensureCues(); });
  range.addEventListener('pointermove', e => show(timeAtPointer(e)));
  range.addEventListener('pointerleave', () => { hovering = false; hide(); });
  range.addEventListener('pointerdown', () => { dragging = true; });
  range.addEventListener('focus', ensureCues);
  range.addEventListener('blur', hide);
  range.addEventListener('input', () => { show(Number(range.value)); now.textContent = formatDuration(Number(range.value) * 1000); });
  range.addEventListener('change', () => {
    dragging = false;
    video.currentTime = Number(range.value);
    hide();
  });
  const released = () => { if (dragging) { dragging = false; hide(); } };
  window.addEventListener('pointerup', released);

  const sync = () => {
    range.max = String(duration());
    total.textContent = formatDuration(duration() * 1000);
    if (!dragging) {
      range.value = String(video.currentTime);
      now.textContent = formatDuration(video.currentTime * 1000);
    }
    range.setAttribute('aria-valuetext', `${formatDuration(video.currentTime * 1000)} of ${formatDuration(duration() * 1000)}`);
  };
  for (const ev of ['durationchange', 'loadedmetadata', 'timeupdate', 'seeked']) video.addEventListener(ev, sync);
  return { el, destroy: () => window.removeEventListener('pointerup', released) };
}
