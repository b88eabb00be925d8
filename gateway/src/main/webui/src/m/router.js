import { createRouter, createWebHashHistory } from 'vue-router';
import Login from './views/Login.vue';
import Vehicles from './views/Vehicles.vue';

// Hash history: /m/ is one file on the server, and a deep link (/m/#/vehicles/…) needs no server-side fallback.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/', redirect: '/vehicles' },
    { path: '/login', component: Login, meta: { public: true, title: '登录' } },
    { path: '/vehicles', component: Vehicles, meta: { tab: 'vehicles', title: '我的车辆' } },
    { path: '/vehicles/:id', component: () => import('./views/Plate.vue'), meta: { title: '数字号牌' } },
    { path: '/plate-offline', component: () => import('./views/Plate.vue'), meta: { public: true, offline: true, title: '数字号牌' } },
    { path: '/trade-ins', component: () => import('./views/TradeIns.vue'), meta: { tab: 'trade-ins', title: '以旧换新进度' } },
    { path: '/subsidies', component: () => import('./views/Subsidies.vue'), meta: { tab: 'subsidies', title: '我的补贴' } },
    { path: '/wallet', component: () => import('./views/Wallet.vue'), meta: { tab: 'wallet', title: '数字人民币钱包' } },
    { path: '/:rest(.*)*', redirect: '/vehicles' },
  ],
});
