// Gift buttons for a room: types from GET /api/gifts, the balance from GET /api/users/me/balance, each
// gift sent with an idempotency key (a retry of the same click never pays twice).
import { api, auth } from './api.js';
import { h } from './dom.js';

export function giftBar(getRoom) {
  const status = h('span', { class: 'muted gift-status', role: 'status' });
  const bar = h('span', { class: 'gifts', 'aria-label': 'Gifts' });
  const el = h('span', { class: 'gift-bar' }, bar, status);
  if (!auth.user()) return el;
  const showBalance = () => api('/api/users/me/balance').then(b => {
    status.textContent = `balance ${b.balance ?? ''}`;
  }).catch(() => {});
  api('/api/gifts').then(({ gifts }) => {
    bar.replaceChildren(...gifts.map(g => h('button', { type: 'button', class: 'gift', title: `${g.id} (${g.value})`,
      onclick: async () => {
        const key = crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
        for (let attempt = 0; attempt < 3; attempt++) {
          try {
            const ack = await getRoom().request({ type: 'gift', gift: g.id, count: 1, key });
            status.textContent = `sent a ${g.id} · balance ${ack.balance}`;
            return;
          } catch (e) {
            if (e.code !== 'unavailable' && e.message !== 'no answer from the room') { status.textContent = e.message; return; }
          }
        }
        status.textContent = 'the room did not answer; try again';
      } }, g.id)));
    showBalance();
  }).catch(() => {});
  return el;
}
