// hls.js (its light build, served by the node from its WebJar at /vendor/hls.light.min.js) with an automatic/manual
// quality menu.
import { h } from './dom.js';
import { prefetchedLoader } from './prefetch.js';

let loading = null;

export function loadHls() {
  if (window.Hls) return Promise.resolve(window.Hls);
  // index.html's bootstrap may have started it already.
  const boot = window.reelayBoot && window.reelayBoot.hls;
  if (!loading && boot) {
    loading = boot.catch(() => {
      delete window.reelayBoot.hls;
      loading = null;
      return loadHls();
    });
  }
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/hls.light.min.js';
      s.onload = () => resolve(window.Hls);
      s.onerror = () => { loading = null; reject(new Error('could not load the player')); };
      document.head.appendChild(s);
    });
  }
  return loading;
}

/**
 * Plays `src` in `video`. Options: live (low-latency settings), prefetched (VOD: URL → the bootstrap's fetch, see
 * prefetch.js), onLevels(levels), onLevel(index, auto), onFatal(error), onEnded (live: the playlist ended).
 * Returns {hls, setLevel(i), destroy()}.
 */
export async function attach(video, src, opts = {}) {
  const Hls = await loadHls().catch(() => null);
  if (Hls && Hls.isSupported()) {
    const hls = new Hls(opts.live ? {
      lowLatencyMode: true,
      liveSyncDurationCount: 2,
      backBufferLength: 10,
      manifestLoadingMaxRetry: 6,
      levelLoadingMaxRetry: 6,
    } : {
      // Preload a little, not the whole video: viewers often leave early. hls.js buffers
      // max(maxBufferLength, 8 × maxBufferSize / bitrate) seconds, capped by maxMaxBufferLength: with the default
      // maxBufferSize (60 MB) that is always the cap, so the byte bound is switched off and 20 s is the target.
      maxBufferLength: 20,
      maxMaxBufferLength: 30,
      maxBufferSize: 0,
      // The lowest rung (hls.js sorts levels by bandwidth), which the bootstrap prefetched; it climbs from there.
      startLevel: 0,
      ...(opts.prefetched ? { loader: prefetchedLoader(Hls, opts.prefetched) } : {}),
      // hls.js would otherwise first download a whole segment of the lowest rung only to estimate the bandwidth,
      // and throw it away: a segment's time before the first frame. Its default estimate picks the start rung.
      testBandwidth: false,
      startFragPrefetch: true,
      // fMP4 segments pass through hls.js's remuxer almost untouched: its worker would first have to compile all
      // of hls.js again, and the first segment waited for that.
      enableWorker: false,
      capLevelToPlayerSize: false,
    });
    let ended = false;
    hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => opts.onLevels?.(data.levels));
    hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => opts.onLevel?.(data.level, hls.autoLevelEnabled));
    hls.on(Hls.Events.LEVEL_UPDATED, (_, data) => {
      if (opts.live && data.details && data.details.live === false && !ended) { ended = true; opts.onEnded?.(); }
    });
    hls.on(Hls.Events.ERROR, (_, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR) { hls.recoverMediaError(); return; }
      opts.onFatal?.(data);
    });
    hls.loadSource(src);
    hls.attachMedia(video);
    return {
      hls,
      setLevel(i) {
        // -1: automatic. currentLevel switches at once (flushing the buffer), so the choice shows immediately.
        const playing = hls.currentLevel;
        hls.currentLevel = i;
        if (i < 0) hls.nextLevel = -1;
        // Choosing the level already playing switches nothing: say so now.
        if (i < 0 || i === playing) opts.onLevel?.(playing, hls.autoLevelEnabled);
      },
      destroy() { hls.destroy(); },
    };
  }
  if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = src;
    return { hls: null, setLevel() {}, destroy() { video.removeAttribute('src'); video.load(); } };
  }
  throw new Error('this browser cannot play HLS');
}

/** A labelled <select>: "Auto" and one entry per level (highest first). */
export function qualityMenu(onChange) {
  const select = h('select', { 'aria-label': 'Quality', class: 'quality', onchange: () => onChange(Number(select.value)) },
    h('option', { value: '-1' }, 'Auto'));
  const label = h('label', { class: 'ctl' }, 'Quality ', select);
  const current = h('span', { class: 'muted quality-now', 'aria-live': 'polite' });
  return {
    el: h('span', { class: 'quality-box' }, label, current),
    select,
    setLevels(levels) {
      while (select.options.length > 1) select.remove(1);
      levels.map((l, i) => ({ l, i })).sort((a, b) => (b.l.height || 0) - (a.l.height || 0)).forEach(({ l, i }) => {
        select.appendChild(h('option', { value: String(i) }, l.height ? `${l.height}p` : `${Math.round(l.bitrate / 1000)} kb/s`));
      });
    },
    showLevel(level, auto, levels) {
      const l = levels && levels[level];
      current.textContent = l ? `${auto ? 'auto · ' : ''}${l.height ? `${l.height}p` : ''}` : '';
    },
  };
}
