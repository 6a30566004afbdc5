// Renders /ops/health and /ops/ready. Values are always inserted as text, never as HTML.
const item = (list, text, cls) => {
  const li = document.createElement('li');
  li.textContent = text;
  if (cls) li.className = cls;
  list.appendChild(li);
};

async function show() {
  const health = await (await fetch('/ops/health')).json();
  document.getElementById('node').textContent =
    `node ${health.node} · ${health.clustered ? 'clustered' : 'standalone'} · up ${health.uptimeSeconds}s`;
  const endpoints = document.getElementById('endpoints');
  for (const [name, e] of Object.entries(health.endpoints)) {
    item(endpoints, `${name}: port ${e.port}${e.served ? '' : ' (not built yet)'}`);
  }
  const ready = await (await fetch('/ops/ready')).json();
  const checks = document.getElementById('checks');
  for (const [name, state] of Object.entries(ready.checks)) {
    item(checks, `${name}: ${state}`, state === 'up' ? 'up' : 'down');
  }
}

show().catch(err => { document.getElementById('node').textContent = `cannot reach the node: ${err}`; });
