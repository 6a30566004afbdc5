// Hands over what index.html's bootstrap fetched before the app's modules ran (the watch page's first frame):
// the video's JSON to the page, the playlists and first segments to hls.js through a loader that answers from them.

/**
 * The bootstrap's fetches for this video, {video: Promise<json|null>, files}, once; null when there are none.
 * Opened from inside the app, the page asks the bootstrap to start them now: the JSON and the master playlist's
 * chain then load side by side rather than one after the other.
 */
export function takePrefetch(videoId) {
  const boot = window.reelayBoot;
  if (boot && boot.prefetchWatch && (!boot.watch || boot.watch.id !== videoId)) boot.prefetchWatch(videoId);
  const watch = boot && boot.watch;
  if (!watch || watch.id !== videoId) return null;
  delete boot.watch;
  return watch;
}

/**
 * An hls.js loader class: a URL in `files` (URL → Promise<{url, type, data, start, first, end}>) is answered from
 * there, once; anything else, or a prefetch that failed, is loaded by hls.js's own loader.
 */
export function prefetchedLoader(Hls, files) {
  return class PrefetchedLoader extends Hls.DefaultConfig.loader {
    load(context, config, callbacks) {
      // hls.js asks for the master by the URL it was given, which may be relative; the bootstrap's are absolute.
      const url = new URL(context.url, location.href).href;
      const got = !context.rangeEnd && files.get(url);
      if (!got) return super.load(context, config, callbacks);
      files.delete(url);
      this.context = context;
      this.config = config;
      this.callbacks = callbacks;
      const stats = this.stats;
      stats.loading.start = performance.now();
      const take = r => {
        if (!this.callbacks || stats.aborted) return;
        // The real transfer's timings, ending now: the bandwidth hls.js estimates from them is the network's.
        const now = performance.now();
        stats.loading.start = now - (r.end - r.start);
        stats.loading.first = now - (r.end - r.first);
        stats.loading.end = now;
        stats.loaded = stats.total = r.type === 'text' ? r.data.length : r.data.byteLength;
        stats.bwEstimate = stats.total * 8000 / Math.max(1, r.end - r.first);
        this.callbacks.onSuccess({ url: r.url, data: r.data, code: 200 }, stats, context, null);
      };
      const loadItself = () => {
        if (!this.callbacks || stats.aborted) return;
        stats.loading.start = 0; // hls.js's loader refuses a second load otherwise
        super.load(context, config, callbacks);
      };
      got.then(r => (r.type === context.responseType ? take(r) : loadItself()), loadItself);
    }

    abort() {
      this.stats.aborted = true;
      super.abort();
    }
  };
}
