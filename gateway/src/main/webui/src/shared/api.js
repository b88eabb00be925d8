// The one API client of the pages: same origin as /api, so no CORS and the bearer token is an ordinary header.
// The access token lives in this module's memory only (never in localStorage, a URL or a log line); the
// refresh token is an HttpOnly cookie that scripts cannot read. A 401 tries one refresh, then asks for sign-in.
import { COPY } from './copy.js';

let accessToken = null;
let refreshing = null;
const authListeners = new Set();
const waitListeners = new Set();

export class ApiError extends Error {
  constructor(status, problem, message, retryAfter) {
    super(message || messageFor(status, problem, retryAfter));
    this.status = status;
    this.problem = problem;
    this.retryAfter = retryAfter;
  }
  get type() {
    const t = this.problem && this.problem.type;
    return t ? String(t).replace('https://ebike.local/problems/', '') : null;
  }
}

function messageFor(status, problem, retryAfter) {
  if (status === 0) return COPY.network;
  if (status === 429) return COPY.tooMany(retryAfter || 1);
  if (status === 503 || status === 502 || status === 504) return COPY.unavailable;
  if (status === 401) return COPY.sessionEnded;
  if (status === 404) return COPY.notFound;
  if (status >= 500) return COPY.server;
  return COPY.server;
}

export function setAccessToken(token) { accessToken = token || null; }
export function hasAccessToken() { return accessToken !== null; }
/** Called with a reason when the session is over and the person must sign in again. */
export function onAuthRequired(fn) { authListeners.add(fn); return () => authListeners.delete(fn); }
/** Called with seconds while a 429 is being waited out. */
export function onRateLimitWait(fn) { waitListeners.add(fn); return () => waitListeners.delete(fn); }

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function send(method, path, body, accept, auth) {
  const headers = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth && accessToken) headers.Authorization = `Bearer ${accessToken}`;
  try {
    return await fetch(path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, null);
  }
}

/** A new access token from the refresh cookie; one refresh at a time for the whole page. */
export function refresh() {
  if (!refreshing) {
    refreshing = (async () => {
      const res = await send('POST', '/api/auth/refresh', undefined, 'application/json', false);
      if (res.status === 200) {
        const t = await res.json();
        setAccessToken(t.accessToken);
        return true;
      }
      if (res.status === 401) { setAccessToken(null); return false; }
      throw new ApiError(res.status, await problemOf(res), undefined, retryAfterOf(res));
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

async function problemOf(res) {
  try { return await res.json(); } catch (e) { return null; }
}

function retryAfterOf(res) {
  const v = Number(res.headers.get('Retry-After'));
  return Number.isFinite(v) && v > 0 ? Math.ceil(v) : 1;
}

/**
 * method, path, { body, auth (default true), accept ('json' | 'text' | 'csv'), maxWait (seconds of 429 to wait out),
 * withHeaders (resolve with { body, headers } instead of the body alone) }.
 * Resolves with the parsed body; rejects with an ApiError whose message is Chinese and ready to show.
 */
export async function api(method, path, { body, auth = true, accept = 'json', maxWait = 10, withHeaders = false } = {}) {
  const type = accept === 'text' ? 'image/svg+xml, text/plain' : accept === 'csv' ? 'text/csv' : 'application/json';
  let refreshed = false;
  for (let attempt = 0; attempt < 4; attempt++) {
    const res = await send(method, path, body, type, auth);
    if (res.status === 401 && auth && !refreshed) {
      refreshed = true;
      let ok = false;
      try { ok = await refresh(); } catch (e) { if (e.status === 0) throw e; }
      if (ok) continue;
      authListeners.forEach((fn) => fn('expired'));
      throw new ApiError(401, null);
    }
    if (res.status === 401 && auth) {
      authListeners.forEach((fn) => fn('expired'));
      throw new ApiError(401, await problemOf(res));
    }
    if (res.status === 429) {
      const wait = retryAfterOf(res);
      if (wait <= maxWait && attempt < 2) {
        waitListeners.forEach((fn) => fn(wait));
        await sleep(wait * 1000);
        waitListeners.forEach((fn) => fn(0));
        continue;
      }
      throw new ApiError(429, await problemOf(res), undefined, wait);
    }
    if (!res.ok) throw new ApiError(res.status, await problemOf(res), undefined, retryAfterOf(res));
    const parsed = res.status === 204 ? null : await (accept === 'json' ? res.json() : res.text());
    return withHeaders ? { body: parsed, headers: res.headers } : parsed;
  }
  throw new ApiError(429, null, undefined, 1);
}

export async function logout() {
  try { await api('POST', '/api/auth/logout', { maxWait: 0 }); } catch (e) { /* signing out locally regardless */ }
  setAccessToken(null);
}

/**
 * A file upload with progress (fetch cannot report bytes sent; XMLHttpRequest can): POST `file` as `contentType`,
 * calling onProgress(sent, total) while it goes. The token stays in this module; a 401 refreshes once and sends again.
 * Resolves with the parsed JSON answer; rejects with an ApiError like api().
 */
export async function upload(path, file, { contentType = 'text/csv', onProgress = () => {}, headers = {} } = {}) {
  for (let attempt = 0; attempt < 2; attempt++) {
    const res = await new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.setRequestHeader('Content-Type', contentType);
      Object.entries(headers).forEach(([k, v]) => xhr.setRequestHeader(k, v));
      if (accessToken) xhr.setRequestHeader('Authorization', `Bearer ${accessToken}`);
      xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
      xhr.onload = () => resolve(xhr);
      xhr.onerror = () => resolve(null);
      xhr.send(file);
    });
    if (!res) throw new ApiError(0, null);
    let body = null;
    try { body = res.responseText ? JSON.parse(res.responseText) : null; } catch (e) { body = null; }
    if (res.status === 401 && attempt === 0) {
      let ok = false;
      try { ok = await refresh(); } catch (e) { if (e.status === 0) throw e; }
      if (ok) continue;
      authListeners.forEach((fn) => fn('expired'));
    }
    if (res.status < 200 || res.status >= 300) {
      const wait = Number(res.getResponseHeader('Retry-After')) || 1;
      throw new ApiError(res.status, body, undefined, wait);
    }
    return body;
  }
  throw new ApiError(401, null);
}
