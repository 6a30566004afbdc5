// Danmaku (bullet comments) over a video: scrolling lanes, top and bottom lanes, a density limit.
// The text of a comment is set with textContent: markup in it is shown, never interpreted.

const SCROLL_SECONDS = 8;
const FIXED_SECONDS = 4;

export class DanmakuOverlay {
  /** @param container an element positioned over the video; @param video the <video> (pauses the animation with it) */
  constructor(container, video) {
    this.el = container;
    this.video = video;
    this.enabled = true;
    this.density = 1; // 0.25 … 1: share of the lanes used
    this.scrollFree = [];  // per scroll lane: time (ms) after which a new comment will not catch up with the last
    this.fixedFree = { top: [], bottom: [] };
    this.timeline = [];    // VOD: [{videoTime, ...msg}] sorted, replayed as the video time passes
    this.lastTime = null;
    if (video) {
      const sync = () => this.el.classList.toggle('paused', video.paused);
      video.addEventListener('pause', sync);
      video.addEventListener('play', sync);
      video.addEventListener('seeking', () => { this.lastTime = null; this.clearScreen(); });
      video.addEventListener('timeupdate', () => this.tick());
      sync();
    }
  }

  lineHeight() { return Math.max(22, Math.min(34, this.el.clientHeight / 12)); }

  lanes() {
    const all = Math.max(1, Math.floor(this.el.clientHeight / this.lineHeight()));
    return Math.max(1, Math.floor(all * this.density));
  }

  setEnabled(on) {
    this.enabled = on;
    this.el.hidden = !on;
    if (!on) this.clearScreen();
  }

  setDensity(d) { this.density = d; }

  clearScreen() {
    while (this.el.firstChild) this.el.removeChild(this.el.firstChild);
    this.scrollFree = [];
    this.fixedFree = { top: [], bottom: [] };
  }

  /** VOD history: danmaku with videoTime, shown when the playback passes their time. */
  load(list) {
    this.timeline = list.slice().sort((a, b) => a.videoTime - b.videoTime);
  }

  addToTimeline(msg) {
    if (msg.videoTime == null) return;
    let i = this.timeline.length;
    while (i > 0 && this.timeline[i - 1].videoTime > msg.videoTime) i--;
    this.timeline.splice(i, 0, msg);
  }

  tick() {
    if (!this.video) return;
    const t = this.video.currentTime;
    const from = this.lastTime;
    this.lastTime = t;
    if (from == null || t < from || t - from > 2) return; // after a seek, start from here
    for (const m of this.timeline) {
      if (m.videoTime > t) break;
      if (m.videoTime > from) this.show(m);
    }
  }

  /** Shows one comment now. Returns the element, or null when dropped (overlay off or too dense). */
  show(msg) {
    if (!this.enabled || !msg.text) return null;
    const mode = msg.mode === 'top' || msg.mode === 'bottom' ? msg.mode : 'scroll';
    const lh = this.lineHeight();
    const item = document.createElement('div');
    item.className = `dm dm-${mode}${msg.mine ? ' dm-mine' : ''}`;
    item.textContent = msg.text;
    item.style.color = /^#[0-9a-fA-F]{6}$/.test(msg.color || '') ? msg.color : '#ffffff';
    item.style.fontSize = `${Math.round(lh * 0.8)}px`;
    item.style.lineHeight = `${lh}px`;
    const now = performance.now();
    const lanes = this.lanes();
    if (mode === 'scroll') {
      let lane = -1;
      for (let i = 0; i < lanes; i++) if (!(this.scrollFree[i] > now)) { lane = i; break; }
      if (lane < 0) return null;
      item.style.top = `${lane * lh}px`;
      this.el.appendChild(item);
      const width = this.el.clientWidth;
      const w = item.offsetWidth;
      const speed = (width + w) / SCROLL_SECONDS; // px per second
      this.scrollFree[lane] = now + ((w + 24) / speed) * 1000;
      item.style.setProperty('--dm-from', `${width}px`);
      item.style.setProperty('--dm-to', `${-w}px`);
      item.style.animationDuration = `${SCROLL_SECONDS}s`;
      item.addEventListener('animationend', () => item.remove());
    } else {
      const free = this.fixedFree[mode];
      const n = Math.max(1, Math.floor(lanes / 2));
      let lane = -1;
      for (let i = 0; i < n; i++) if (!(free[i] > now)) { lane = i; break; }
      if (lane < 0) return null;
      free[lane] = now + FIXED_SECONDS * 1000;
      item.style[mode] = `${lane * lh}px`;
      item.style.animationDuration = `${FIXED_SECONDS}s`;
      this.el.appendChild(item);
      item.addEventListener('animationend', () => item.remove());
    }
    return item;
  }
}
