// The app shell: a hash router (#/watch/ID …), the header's account area, and page life cycles.
// Each page is an ES module under /pages/ exporting render(main, params) → optional cleanup function.
import { auth } from './api.js';
import { h, clear } from './dom.js';

const routes = [
  [/^\/?$/, 'home'],
  [/^\/login$/, 'login'],
  [/^\/register$/, 'login'],
  [/^\/upload$/, 'upload'],
  [/^\/watch\/([A-Za-z0-9_-]+)$/, 'watch'],
  [/^\/live\/([A-Za-z0-9_-]+)$/, 'live'],
  [/^\/studio$/, 'studio'],
  [/^\/ops$/, 'ops'],
];

// Pages that play video need hls.js (about 400 KB) before their first frame. Loading and running it alongside
// the page's own modules, instead of after them and after the video's JSON, takes it off the first frame's path.
const PLAYER_PAGES = new Set(['watch', 'live']);

const main = document.getElementById('main');
let cleanup = null;
let generation = 0;

function renderAccount() {
  const box = clear(document.getElementById('account'));
  const user = auth.user();
  if (user) {
    box.append(h('span', { class: 'who', title: user.role }, user.name),
      h('button', { type: 'button', class: 'link', onclick: () => { auth.clear(); location.hash = '#/'; } }, 'Log out'));
  } else {
    box.append(h('a', { href: '#/login' }, 'Log in'), h('a', { href: '#/register', class: 'button' }, 'Register'));
  }
}

async function route() {
  const path = location.hash.replace(/^#/, '') || '/';
  const gen = ++generation;
  if (cleanup) { try { cleanup(); } catch (e) { console.error(e); } cleanup = null; }
  let page = null, params = [];
  for (const [re, name] of routes) {
    const m = path.match(re);
    if (m) { page = name; params = m.slice(1).map(decodeURIComponent); break; }
  }
  for (const a of document.querySelectorAll('header nav a')) {
    a.toggleAttribute('aria-current', a.getAttribute('href') === `#${path}`);
  }
  clear(main);
  if (!page) {
    main.append(h('h1', {}, 'Not found'), h('p', {}, 'No page here. ', h('a', { href: '#/' }, 'Go home')));
    return;
  }
  if (PLAYER_PAGES.has(page)) import('./player.js').then(m => m.loadHls()).catch(() => {});
  try {
    const mod = await import(`/pages/${page}.js`);
    if (gen !== generation) return;
    const done = await mod.render(main, params, path);
    if (gen !== generation) { if (typeof done === 'function') done(); return; }
    cleanup = typeof done === 'function' ? done : null;
  } catch (e) {
    console.error(e);
    if (gen === generation) main.append(h('p', { class: 'error', role: 'alert' }, `Could not show this page: ${e.message}`));
  }
}

auth.onChange(() => { renderAccount(); route(); });
window.addEventListener('hashchange', route);
renderAccount();
route();
