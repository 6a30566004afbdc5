// A small tus 1.0.0 client (creation, resume with HEAD, PATCH with progress) in one ES module.
// The upload URL of every unfinished upload is kept in localStorage under the file's fingerprint,
// so a reload (or a closed tab) resumes where the server stopped once the same file is picked again.
import { auth } from './api.js';

const STORE_KEY = 'reelay.uploads';
const DEFAULT_CHUNK = 8 * 1024 * 1024;

export function fingerprint(file) {
  return `${file.name}|${file.size}|${file.lastModified}`;
}

/** Unfinished uploads remembered by this browser: {fingerprint: {url, videoId, name, size, offset, title, at}}. */
export function pendingUploads() {
  try { return JSON.parse(localStorage.getItem(STORE_KEY)) || {}; } catch { return {}; }
}

function remember(fp, entry) {
  const all = pendingUploads();
  if (entry) all[fp] = { ...(all[fp] || {}), ...entry, at: Date.now() };
  else delete all[fp];
  localStorage.setItem(STORE_KEY, JSON.stringify(all));
}

export function forgetUpload(fp) { remember(fp, null); }

function b64(text) {
  const bytes = new TextEncoder().encode(text);
  let s = '';
  bytes.forEach(b => { s += String.fromCharCode(b); });
  return btoa(s);
}

function chunkSize() {
  const v = Number(localStorage.getItem('reelay.uploadChunkBytes'));
  return v > 0 ? v : DEFAULT_CHUNK;
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/**
 * new TusUpload(file, {endpoint, metadata, onProgress(sent, total), onState(text), onSuccess({videoId, url}), onError(err)})
 * start() creates or resumes; pause() stops after aborting the request in flight; start() again resumes.
 */
export class TusUpload {
  constructor(file, options = {}) {
    this.file = file;
    this.opts = { endpoint: '/files/', metadata: {}, ...options };
    this.fp = fingerprint(file);
    this.url = null;
    this.videoId = null;
    this.offset = 0;
    this.resumedFrom = null;
    this.xhr = null;
    this.running = false;
    this.done = false;
  }

  headers(extra = {}) {
    const h = { 'Tus-Resumable': '1.0.0', ...extra };
    const token = auth.token();
    if (token) h.Authorization = `Bearer ${token}`;
    return h;
  }

  async start() {
    if (this.running || this.done) return;
    this.running = true;
    try {
      if (!this.url) await this.locate();
      await this.send();
    } catch (err) {
      this.running = false;
      if (err && err.name === 'AbortError') return;
      this.opts.onError?.(err);
    }
  }

  pause() {
    this.running = false;
    if (this.xhr) this.xhr.abort();
  }

  /** Forget the upload here and terminate it on the server. */
  async cancel() {
    this.pause();
    forgetUpload(this.fp);
    if (this.url) await fetch(this.url, { method: 'DELETE', headers: this.headers() }).catch(() => {});
  }

  /** A remembered upload of the same file if the server still has it, otherwise a new one. */
  async locate() {
    const saved = pendingUploads()[this.fp];
    if (saved && saved.url) {
      this.opts.onState?.('Resuming…');
      const offset = await this.head(saved.url);
      if (offset != null) {
        this.url = saved.url;
        this.offset = offset;
        this.resumedFrom = offset;
        this.videoId = this.videoId || saved.videoId;
        this.opts.onProgress?.(this.offset, this.file.size);
        return;
      }
      forgetUpload(this.fp);
    }
    const meta = { filename: this.file.name, ...this.opts.metadata };
    const encoded = Object.entries(meta).filter(([, v]) => v != null && v !== '')
      .map(([k, v]) => `${k} ${b64(String(v))}`).join(',');
    const res = await fetch(this.opts.endpoint, {
      method: 'POST',
      headers: this.headers({ 'Upload-Length': String(this.file.size), 'Upload-Metadata': encoded }),
    });
    if (res.status !== 201) throw new Error(`the server refused the upload (${res.status}): ${(await res.text()).trim()}`);
    this.url = new URL(res.headers.get('Location'), location.href).href;
    this.videoId = res.headers.get('Reelay-Video-Id');
    this.offset = 0;
    remember(this.fp, { url: this.url, videoId: this.videoId, name: this.file.name, size: this.file.size, offset: 0,
      title: meta.title || this.file.name });
  }

  /** The server's offset, or null if the upload is gone. Retries while another request still commits (423). */
  async head(url) {
    for (let attempt = 0; attempt < 20; attempt++) {
      let res;
      try {
        res = await fetch(url, { method: 'HEAD', headers: this.headers(), cache: 'no-store' });
      } catch {
        await sleep(Math.min(500 * 2 ** attempt, 5000));
        continue;
      }
      if (res.status === 200) {
        const vid = res.headers.get('Reelay-Video-Id');
        if (vid) this.videoId = vid;
        return Number(res.headers.get('Upload-Offset'));
      }
      if (res.status === 423) { await sleep(200); continue; }
      if ([403, 404, 410].includes(res.status)) return null;
      throw new Error(`HEAD answered ${res.status}`);
    }
    throw new Error('the server did not answer');
  }

  async send() {
    let failures = 0;
    while (this.running && this.offset < this.file.size) {
      const end = Math.min(this.offset + chunkSize(), this.file.size);
      let status;
      try {
        status = await this.patch(this.file.slice(this.offset, end));
      } catch (err) {
        if (!this.running) return;
        if (++failures > 8) throw err;
        this.opts.onState?.('Connection lost, retrying…');
        await sleep(Math.min(500 * 2 ** failures, 10000));
        status = 0;
      }
      if (!this.running) return;
      if (status === 204) {
        failures = 0;
        continue;
      }
      if ([0, 409, 423, 500, 502, 503, 504].includes(status)) {
        const offset = await this.head(this.url);
        if (offset == null) { forgetUpload(this.fp); throw new Error('the upload expired or was removed on the server'); }
        this.offset = offset;
        this.opts.onProgress?.(this.offset, this.file.size);
        continue;
      }
      if (status === 404 || status === 410) { forgetUpload(this.fp); throw new Error('the upload expired or was removed on the server'); }
      throw new Error(`the server answered ${status}`);
    }
    if (this.running && this.offset >= this.file.size) {
      this.running = false;
      this.done = true;
      forgetUpload(this.fp);
      this.opts.onSuccess?.({ videoId: this.videoId, url: this.url });
    }
  }

  patch(blob) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      this.xhr = xhr;
      const start = this.offset;
      xhr.open('PATCH', this.url);
      for (const [k, v] of Object.entries(this.headers({ 'Upload-Offset': String(start),
        'Content-Type': 'application/offset+octet-stream' }))) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = e => this.opts.onProgress?.(start + e.loaded, this.file.size);
      xhr.onload = () => {
        this.xhr = null;
        if (xhr.status === 204) {
          this.offset = Number(xhr.getResponseHeader('Upload-Offset'));
          remember(this.fp, { offset: this.offset });
          this.opts.onProgress?.(this.offset, this.file.size);
        }
        resolve(xhr.status);
      };
      xhr.onerror = () => { this.xhr = null; reject(new Error('network error')); };
      xhr.onabort = () => { this.xhr = null; const e = new Error('aborted'); e.name = 'AbortError'; reject(e); };
      xhr.send(blob);
    });
  }
}
