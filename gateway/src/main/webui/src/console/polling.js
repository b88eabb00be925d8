// Auto refresh every 30 s without flicker: the previous figures stay on screen while the next ones load, and are
// replaced in place when they arrive. A failed refresh keeps them and says so; the timer stops with the view.
import { onBeforeUnmount, onMounted, ref } from 'vue';
import { ApiError } from '@shared/api.js';

export const REFRESH_MS = 30_000;

/**
 * load(): fetches and assigns the view's data; it may throw (an ApiError's message is Chinese) or return a list of
 * partial problems (strings) to show while the rest is shown.
 * Returns { loadedAt, loading, error, reload }.
 */
export function usePolling(load, { every = REFRESH_MS } = {}) {
  const loadedAt = ref(null);
  const loading = ref(false);
  const error = ref('');
  let timer = null;
  let running = null;

  async function reload() {
    if (running) return running;
    loading.value = true;
    running = (async () => {
      try {
        const problems = await load();
        const list = Array.isArray(problems) ? problems.filter(Boolean) : [];
        error.value = list.join(' ');
        if (!list.length) loadedAt.value = new Date().toISOString();
      } catch (e) {
        // a 401 ends the session (api.js tells session.js); the sign-in page takes over
        if (!(e instanceof ApiError) || e.status !== 401) error.value = e.message || '网络异常，请稍后重试';
      } finally {
        loading.value = false;
        running = null;
      }
    })();
    return running;
  }

  onMounted(() => {
    reload();
    timer = setInterval(reload, every);
  });
  onBeforeUnmount(() => { if (timer) clearInterval(timer); timer = null; });
  return { loadedAt, loading, error, reload };
}

/** The Chinese message of a failed call, or null for a 401 (which signs out). */
export function messageOf(e) {
  if (e instanceof ApiError && e.status === 401) return null;
  return (e && e.message) || '网络异常，请稍后重试';
}
