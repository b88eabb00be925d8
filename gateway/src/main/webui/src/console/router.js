import { createRouter, createWebHashHistory } from 'vue-router';
import { pages } from './pages.js';
import { ready, session } from './session.js';
import SignIn from './SignIn.vue';

// Hash history: /console/ is one file on the server, so a deep link (/console/#/subsidy) needs no server fallback.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: pages[0].path },
    { path: '/login', component: SignIn, meta: { public: true, title: '登录' } },
    ...pages.map((p) => ({ path: p.path, component: p.component, meta: { title: p.title } })),
    { path: '/:rest(.*)*', redirect: pages[0].path },
  ],
});

// Every page but sign-in needs a regulator's session; sign-in returns to where the person was going.
router.beforeEach(async (to) => {
  await ready;
  if (!to.meta.public && !session.signedIn) return { path: '/login', query: { next: to.fullPath } };
  if (to.path === '/login' && session.signedIn) return pages[0].path;
  return true;
});

router.afterEach((to) => { document.title = `${to.meta.title || '监管端'} · 监管端 · 电动自行车以旧换新`; });
