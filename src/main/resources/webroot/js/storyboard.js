// The transcoder's storyboard: a WebVTT file whose cues map time ranges to tiles of JPEG sprite sheets
// (`sprite-000.jpg#xywh=160,0,160,90`). Parsed here into a sorted list so a seek bar can ask "which tile at t?".

/** "00:01:02.500" or "01:02.500" → seconds. */
function seconds(stamp) {
  const parts = stamp.trim().split(':').map(Number);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

/**
 * Cues of a storyboard VTT: [{start, end, url, x, y, w, h}], sprite URLs resolved against `base` (the VTT's own
 * URL, so a signed VOD root carries over to the sprites).
 */
export function parseStoryboard(text, base) {
  const cues = [];
  const blocks = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  for (const block of blocks) {
    const lines = block.split('\n').filter(Boolean);
    const timing = lines.findIndex(l => l.includes('-->'));
    if (timing < 0 || !lines[timing + 1]) continue;
    const [from, to] = lines[timing].split('-->');
    const target = lines[timing + 1].trim();
    const hash = target.indexOf('#xywh=');
    if (hash < 0) continue;
    const [x, y, w, h] = target.slice(hash + 6).split(',').map(Number);
    if (![x, y, w, h].every(Number.isFinite)) continue;
    cues.push({ start: seconds(from), end: seconds(to.split(/\s/).filter(Boolean)[0]), url: new URL(target.slice(0, hash), base).href, x, y, w, h });
  }
  return cues.sort((a, b) => a.start - b.start);
}

/** The cue showing at `t` (the last one starting at or before it), or null. */
export function cueAt(cues, t) {
  let lo = 0, hi = cues.length - 1, found = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cues[mid].start <= t) { found = cues[mid]; lo = mid + 1; } else hi = mid - 1;
  }
  return found;
}

/** Fetches and parses the storyboard at `url`; [] when there is none or it cannot be read (previews are optional). */
export async function loadStoryboard(url) {
  if (!url) return [];
  try {
    const res = await fetch(url);
    if (!res.ok) return [];
    return parseStoryboard(await res.text(), new URL(url, location.href).href);
  } catch {
    return [];
  }
}
