import { createApp } from 'vue';
import App from './App.vue';
import { router } from './router.js';
import { useVant } from './vant.js';
import './theme.css';

const app = createApp(App);
useVant(app);
app.use(router);
router.afterEach((to) => { document.title = `${to.meta.title || '车主服务'} · 车主服务`; });
app.mount('#app');

// offline: the service worker keeps the app's files, so the last plate opens without signal
if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' }).catch(() => { /* the app works without it */ });
}
