// Ops: the node's health and readiness (the former status page), a few live figures from /metrics, and for
// admins the capabilities with their instance counts and scale controls.
import { api, auth } from '../js/api.js';
import { h, formatBytes, formatCount } from '../js/dom.js';
import { fetchMetrics, sum, rateKeeper } from '../js/metrics.js';

/** Counters read at each sample, shown as per-second rates. */
const COUNTERS = {
  http: s => sum(s, 'vertx_http_server_requests'),
  vodBytes: s => sum(s, 'reelay_vod_bytes'),
  uploadBytes: s => sum(s, 'reelay_upload_bytes'),
  roomMessages: s => sum(s, 'reelay_room_messages_delivered'),
  events: s => sum(s, 'reelay_tracking_events'),
};
const perSecond = (v, fmt = formatCount) => (v == null ? null : `${fmt(Math.round(v))}/s`);
/** [label, id, read(series, rates) → text or null] per figure. */
const FIGURES = [
  ['HTTP requests', 'http', (s, r) => perSecond(r.http)],
  ['VOD bytes served', 'vod', (s, r) => perSecond(r.vodBytes, formatBytes)],
  ['Upload bytes received', 'upload', (s, r) => perSecond(r.uploadBytes, formatBytes)],
  ['Live streams', 'streams', s => sum(s, 'reelay_live_streams')],
  ['Room connections', 'rooms', s => sum(s, 'reelay_room_connections')],
  ['Room messages delivered', 'messages', (s, r) => perSecond(r.roomMessages)],
  ['Tracking events', 'events', (s, r) => perSecond(r.events)],
  ['Heap used', 'heap', s => { const v = sum(s, 'jvm_memory_used_bytes', { area: 'heap' }); return v == null ? null : formatBytes(v); }],
  ['Process CPU', 'cpu', s => { const v = sum(s, 'process_cpu_usage'); return v == null ? null : `${(v * 100).toFixed(0)} %`; }],
];

export async function render(main) {
  const node = h('p', { id: 'node' }, 'loading…');
  const checks = h('ul', { id: 'checks' });
  const endpoints = h('ul', { id: 'endpoints' });
  const caps = h('div', { id: 'capabilities' });
  const figures = h('dl', { id: 'figures', class: 'figures' });
  const figuresNote = h('p', { class: 'muted' });
  main.append(h('h1', {}, 'Operations'),
    h('section', { class: 'card' }, h('h2', {}, 'Node'), node, h('h3', {}, 'Readiness'), checks, h('h3', {}, 'Endpoints'), endpoints,
      h('p', { class: 'muted' }, 'Plain status page: ', h('a', { href: '/status.html' }, '/status.html'), ' · metrics: ', h('a', { href: '/metrics' }, '/metrics'))),
    h('section', { class: 'card' }, h('h2', {}, 'Live figures'), figures, figuresNote),
    h('section', { class: 'card' }, h('h2', {}, 'Capabilities'), caps));

  const rates = rateKeeper();
  const loadFigures = async () => {
    try {
      const series = await fetchMetrics();
      const r = rates.rates(Object.fromEntries(Object.entries(COUNTERS).map(([k, read]) => [k, read(series)])));
      figures.replaceChildren(...FIGURES.map(([label, id, read]) => {
        const v = read(series, r);
        return h('div', {}, h('dt', {}, label), h('dd', { dataset: { figure: id } }, v == null ? '–' : String(v)));
      }));
      figuresNote.textContent = `From /metrics, every 5 s; rates over the last interval. Updated ${new Date().toLocaleTimeString()}.`;
    } catch (e) { figuresNote.textContent = e.message; }
  };

  const load = async () => {
    try {
      const health = await api('/ops/health');
      node.textContent = `node ${health.node} · ${health.clustered ? 'clustered' : 'standalone'} · up ${health.uptimeSeconds}s`;
      endpoints.replaceChildren(...Object.entries(health.endpoints || {}).map(([name, e]) =>
        h('li', {}, `${name}: port ${e.port}${e.served ? '' : ' (not built yet)'}`)));
    } catch (e) { node.textContent = `cannot reach the node: ${e.message}`; }
    const ready = await fetch('/ops/ready').then(r => r.json()).catch(() => null);
    if (ready) checks.replaceChildren(...Object.entries(ready.checks || {}).map(([name, s]) => h('li', { class: s === 'up' ? 'up' : 'down' }, `${name}: ${s}`)));
  };
  const loadCaps = async () => {
    const me = auth.user();
    if (!me || me.role !== 'admin') { caps.replaceChildren(h('p', { class: 'muted' }, 'Log in as an admin to see and scale capabilities.')); return; }
    try {
      const r = await api('/ops/verticles');
      const list = r.capabilities || [];
      caps.replaceChildren(h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Capability'), h('th', {}, 'Instances'), h('th', {}, 'Scale'))),
        h('tbody', {}, list.map(c => {
          const n = h('input', { type: 'number', min: 0, max: 64, value: c.instances ?? 1, 'aria-label': `Instances of ${c.name}` });
          return h('tr', { dataset: { capability: c.name } }, h('td', {}, c.name), h('td', { class: 'count' }, String(c.instances ?? '')),
            h('td', {}, h('form', { class: 'inline', onsubmit: async e => {
              e.preventDefault();
              try { await api(`/ops/verticles/${encodeURIComponent(c.name)}/scale`, { method: 'POST', body: { instances: Number(n.value) } }); } catch (x) { alert(x.message); }
              loadCaps();
            } }, n, h('button', { type: 'submit' }, 'Apply'))));
        }))));
    } catch (e) { caps.replaceChildren(h('p', { class: 'error' }, e.message)); }
  };
  load();
  loadCaps();
  loadFigures();
  const timer = setInterval(() => { load(); loadFigures(); }, 5000);
  return () => clearInterval(timer);
}
