// HTTP helpers and the signed-in user (a JWT kept in localStorage).
const TOKEN_KEY = 'reelay.token';
const listeners = new Set();

function decode(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(escape(atob(part)));
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export const auth = {
  token() {
    const t = localStorage.getItem(TOKEN_KEY);
    if (!t) return null;
    const claims = decode(t);
    if (!claims || (claims.exp && claims.exp * 1000 < Date.now())) {
      localStorage.removeItem(TOKEN_KEY);
      return null;
    }
    return t;
  },
  /** {id, name, role} of the signed-in user, or null. */
  user() {
    const t = this.token();
    const c = t && decode(t);
    return c ? { id: c.uid, name: c.sub, role: c.role } : null;
  },
  set(token) {
    localStorage.setItem(TOKEN_KEY, token);
    listeners.forEach(fn => fn());
  },
  clear() {
    localStorage.removeItem(TOKEN_KEY);
    listeners.forEach(fn => fn());
  },
  onChange(fn) {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
};

window.addEventListener('storage', e => { if (e.key === TOKEN_KEY) listeners.forEach(fn => fn()); });

export class ApiError extends Error {
  constructor(status, body) {
    super((body && (body.message || body.error)) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

/** fetch + JSON; throws ApiError for a non-2xx answer. */
export async function api(path, { method = 'GET', body, headers = {}, signal } = {}) {
  const h = { Accept: 'application/json', ...headers };
  const token = auth.token();
  if (token) h.Authorization = `Bearer ${token}`;
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers: h, body: body === undefined ? undefined : JSON.stringify(body), signal });
  let json = null;
  const type = res.headers.get('Content-Type') || '';
  if (type.includes('json')) json = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

/** Like api(), but a 404/405/501 (an endpoint not built yet) gives null instead of an error. */
export async function optionalApi(path, opts) {
  try {
    return await api(path, opts);
  } catch (e) {
    if (e instanceof ApiError && [404, 405, 501].includes(e.status)) return null;
    throw e;
  }
}

/**
 * Server-Sent Events over fetch (so that the Authorization header goes along, which EventSource cannot do).
 * Calls onEvent(name, data) per event. Resolves when the stream ends or the signal aborts.
 */
export async function readEvents(path, onEvent, signal) {
  const headers = { Accept: 'text/event-stream' };
  const token = auth.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  const res = await fetch(path, { headers, signal, cache: 'no-store' });
  if (!res.ok) throw new ApiError(res.status, await res.json().catch(() => null));
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += decoder.decode(value, { stream: true });
    let idx;
    while ((idx = buf.indexOf('\n\n')) >= 0) {
      const block = buf.slice(0, idx);
      buf = buf.slice(idx + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) {
        let parsed;
        try { parsed = JSON.parse(data.join('\n')); } catch { parsed = data.join('\n'); }
        onEvent(name, parsed);
      }
    }
  }
}
