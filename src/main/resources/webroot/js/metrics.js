// Prometheus text format (GET /metrics) → a few figures for the ops page. Counters become rates between two
// samples, gauges are shown as they are.
import { auth } from './api.js';

/** Text → Map(name → [{labels, value}]). Comments, HELP and TYPE lines are skipped. */
export function parsePrometheus(text) {
  const series = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/);
    if (!m) continue;
    const labels = {};
    for (const [, k, v] of (m[3] || '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    const value = Number(m[4]);
    if (!series.has(m[1])) series.set(m[1], []);
    series.get(m[1]).push({ labels, value });
  }
  return series;
}

/** Sum of a metric's series (trying `name` and `name_total`) whose labels match `where`; null when absent. */
export function sum(series, name, where = {}) {
  const list = series.get(name) || series.get(`${name}_total`);
  if (!list) return null;
  return list.filter(s => Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((a, s) => a + s.value, 0);
}

export async function fetchMetrics() {
  const token = auth.token();
  const res = await fetch('/metrics', { headers: token ? { Authorization: `Bearer ${token}` } : {}, cache: 'no-store' });
  if (!res.ok) throw new Error(`/metrics: HTTP ${res.status}`);
  return parsePrometheus(await res.text());
}

/** Remembers the last sample so that counters can be shown per second. */
export function rateKeeper() {
  let last = null;
  return {
    /** Per-second rates of `counters` ({label: value}) since the previous call; null entries on the first. */
    rates(counters) {
      const now = performance.now();
      const out = {};
      for (const [k, v] of Object.entries(counters)) {
        out[k] = last && v != null && last.values[k] != null ? Math.max(0, (v - last.values[k]) / ((now - last.at) / 1000)) : null;
      }
      last = { at: now, values: counters };
      return out;
    },
  };
}
