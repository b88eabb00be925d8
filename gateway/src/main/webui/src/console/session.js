// Who is signed in. The access token stays in api.js's memory; the refresh cookie (HttpOnly) brings the session back
// after a reload, for 12 hours. Only REGULATOR accounts may use the console.
import { reactive } from 'vue';
import { api, hasAccessToken, logout, onAuthRequired, refresh, setAccessToken } from '@shared/api.js';

export const session = reactive({ signedIn: false, checking: true, notice: '' });

/** Resolves once the refresh cookie has been tried (the router waits for it before its first decision). */
export const ready = (async () => {
  try {
    if (!hasAccessToken() && await refresh()) session.signedIn = true;
  } catch (e) { /* not signed in, or the gateway cannot be reached: the sign-in page says so when used */ }
  session.checking = false;
})();

const listeners = new Set();
/** Called when the session ends (signed out, or a 401 the refresh could not mend). */
export function onSignedOut(fn) { listeners.add(fn); return () => listeners.delete(fn); }

onAuthRequired(() => {
  if (!session.signedIn) return;
  session.signedIn = false;
  session.notice = '登录已失效，请重新登录。';
  listeners.forEach((fn) => fn());
});

/** Resolves with null when signed in, or with the Chinese message to show. */
export async function signIn(username, password) {
  try {
    const t = await api('POST', '/api/auth/login', { auth: false, maxWait: 0, body: { username: username.trim(), password } });
    if (!(t.roles || []).includes('REGULATOR')) {
      setAccessToken(null);
      return '该账号不是监管人员账号，无法使用监管端。';
    }
    setAccessToken(t.accessToken);
    session.signedIn = true;
    session.notice = '';
    return null;
  } catch (e) {
    return e.status === 401 ? '用户名或密码不正确。' : e.message;
  }
}

export async function signOut() {
  await logout();
  session.signedIn = false;
  listeners.forEach((fn) => fn());
}
