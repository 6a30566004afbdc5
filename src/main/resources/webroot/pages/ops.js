// Ops: the node's health and readiness (the former status page), and for admins the capabilities with
// their instance counts and scale controls.
import { api, auth } from '../js/api.js';
import { h } from '../js/dom.js';

export async function render(main) {
  const node = h('p', { id: 'node' }, 'loading…');
  const checks = h('ul', { id: 'checks' });
  const endpoints = h('ul', { id: 'endpoints' });
  const caps = h('div', { id: 'capabilities' });
  main.append(h('h1', {}, 'Operations'),
    h('section', { class: 'card' }, h('h2', {}, 'Node'), node, h('h3', {}, 'Readiness'), checks, h('h3', {}, 'Endpoints'), endpoints,
      h('p', { class: 'muted' }, 'Plain status page: ', h('a', { href: '/status.html' }, '/status.html'), ' · metrics: ', h('a', { href: '/metrics' }, '/metrics'))),
    h('section', { class: 'card' }, h('h2', {}, 'Capabilities'), caps));

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
  const timer = setInterval(load, 5000);
  return () => clearInterval(timer);
}
