// Client of the room protocol (docs/rooms-protocol.md): connects with the user's token, reconnects
// and resumes from the last offset it saw, and matches acks to requests by id.
import { auth } from './api.js';

let nextId = 1;

export class Room {
  /**
   * handlers: onMessage(msg) for each room message (danmaku, likes, gift, system), onPresence(online),
   * onWelcome(welcome), onStatus('connecting'|'open'|'closed'|'refused', detail)
   */
  constructor(roomId, handlers = {}) {
    this.roomId = roomId;
    this.h = handlers;
    this.ws = null;
    this.offset = null;
    this.epoch = null;
    this.pending = new Map();
    this.closed = false;
    this.retry = 0;
    this.user = null;
    this.connect();
  }

  connect() {
    if (this.closed) return;
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/ws/rooms/${encodeURIComponent(this.roomId)}`);
    this.ws = ws;
    this.h.onStatus?.('connecting');
    // The token goes as the first message after the welcome (not in the URL, which access logs keep).
    this.signedIn = new Promise(resolve => { this.signedInResolve = resolve; });
    ws.onmessage = e => this.receive(JSON.parse(e.data));
    ws.onclose = e => {
      for (const p of this.pending.values()) p.reject(new Error('disconnected'));
      this.pending.clear();
      if (this.closed) return;
      if (e.code === 4404 || e.code === 4401) { this.h.onStatus?.('refused', e.code); return; }
      this.h.onStatus?.('closed', e.code);
      const delay = Math.min(500 * 2 ** this.retry++, 10000);
      setTimeout(() => this.connect(), delay);
    };
  }

  receive(msg) {
    switch (msg.type) {
      case 'welcome': {
        this.retry = 0;
        this.user = msg.user;
        const resume = this.offset != null && this.epoch === msg.epoch && msg.offset > this.offset;
        if (resume) this.ws.send(JSON.stringify({ type: 'resume', offset: this.offset, epoch: this.epoch }));
        else this.offset = msg.offset;
        this.epoch = msg.epoch;
        const token = auth.token();
        if (token && !msg.user) {
          const id = `a${nextId++}`;
          this.pending.set(id, { resolve: () => this.signedInResolve(), reject: () => this.signedInResolve() });
          this.ws.send(JSON.stringify({ type: 'auth', id, token }));
        } else {
          this.signedInResolve();
        }
        this.h.onStatus?.('open');
        this.h.onWelcome?.(msg);
        if (msg.online != null) this.h.onPresence?.(msg.online);
        break;
      }
      case 'messages':
        for (const m of msg.messages) {
          if (this.offset != null && m.offset != null && m.offset <= this.offset) continue;
          if (m.offset != null) this.offset = m.offset;
          this.h.onMessage?.(m);
        }
        break;
      case 'resumed':
        this.epoch = msg.epoch;
        if (!msg.recovered) this.offset = msg.offset;
        break;
      case 'presence':
        this.h.onPresence?.(msg.online);
        break;
      case 'ack':
      case 'error': {
        if (msg.type === 'ack' && msg.user) this.user = msg.user;
        const p = msg.id && this.pending.get(msg.id);
        if (p) {
          this.pending.delete(msg.id);
          if (msg.type === 'ack') p.resolve(msg); else p.reject(Object.assign(new Error(msg.message || msg.code), msg));
        }
        break;
      }
      default:
        break;
    }
  }

  /** Sends a request; resolves with its ack, rejects with its error. */
  async request(obj) {
    await Promise.race([this.signedIn, new Promise(r => setTimeout(r, 5000))]);
    if (!this.ws || this.ws.readyState !== WebSocket.OPEN) return Promise.reject(new Error('not connected'));
    const id = `c${nextId++}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ ...obj, id }));
      setTimeout(() => {
        if (this.pending.delete(id)) reject(new Error('no answer from the room'));
      }, 10000);
    });
  }

  close() {
    this.closed = true;
    if (this.ws) this.ws.close(1000);
  }
}
