// The console's pages: one line each (path, title in the navigation, the view loaded on first visit).
// `nav: false` keeps a page out of the navigation (e.g. a detail page reached from a table).
// Adding a page: a view under views/ and a line here; router.js and the navigation follow from this list.
export const pages = [
  { path: '/overview', title: '总览', component: () => import('./views/Overview.vue') },
  { path: '/dealers', title: '经销商', component: () => import('./views/Dealers.vue') },
  { path: '/subsidy', title: '补贴', component: () => import('./views/Subsidy.vue') },
  { path: '/signals', title: '异常信号', component: () => import('./views/Signals.vue') },
  { path: '/import', title: '数据导入', component: () => import('./views/Import.vue') },
  { path: '/dealers/:id', title: '经销商详情', nav: false, component: () => import('./views/DealerDetail.vue') },
];
