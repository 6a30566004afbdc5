import { api, auth } from '../js/api.js';
import { h } from '../js/dom.js';

export function render(main, _params, path) {
  const registering = path === '/register';
  const error = h('p', { class: 'error', role: 'alert' });
  const user = h('input', { id: 'username', name: 'username', autocomplete: 'username', required: true, minlength: 3 });
  const pass = h('input', { id: 'password', name: 'password', type: 'password', required: true, minlength: 8,
    autocomplete: registering ? 'new-password' : 'current-password' });
  const submit = h('button', { type: 'submit' }, registering ? 'Create account' : 'Log in');
  const form = h('form', { class: 'card narrow', onsubmit: async e => {
    e.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      const res = await api(registering ? '/api/auth/register' : '/api/auth/login',
        { method: 'POST', body: { username: user.value.trim(), password: pass.value } });
      const back = sessionStorage.getItem('reelay.after-login') || '#/';
      sessionStorage.removeItem('reelay.after-login');
      location.hash = back;
      auth.set(res.token);
    } catch (err) {
      error.textContent = err.message;
    } finally {
      submit.disabled = false;
    }
  } },
  h('h1', {}, registering ? 'Register' : 'Log in'),
  h('label', { for: 'username' }, 'User name'), user,
  h('label', { for: 'password' }, 'Password'), pass,
  error, submit,
  h('p', { class: 'muted' }, registering ? 'Already have an account? ' : 'New here? ',
    h('a', { href: registering ? '#/login' : '#/register' }, registering ? 'Log in' : 'Register')));
  main.append(form);
  user.focus();
}

/** For pages that need a user: a prompt to log in that comes back here afterwards. */
export function loginPrompt(main, what) {
  sessionStorage.setItem('reelay.after-login', location.hash);
  main.append(h('div', { class: 'card narrow' }, h('h1', {}, what),
    h('p', {}, 'You need to be signed in for this. '),
    h('p', {}, h('a', { href: '#/login', class: 'button' }, 'Log in'), ' ', h('a', { href: '#/register' }, 'Register'))));
}
