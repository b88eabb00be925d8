import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { resolve } from 'node:path';

// One project, one entry page per front-end. Adding a page: a folder with an index.html and a line here.
const pages = {
  main: 'index.html',
  m: 'm/index.html',        // owners' app (车主端)
  v: 'v/index.html',        // public plate check (验牌)
  vdealer: 'v/dealer/index.html', // a shop's public credit card (品质信用码), /v/dealer/<id>
  console: 'console/index.html', // regulators' console (监管端)
};

// Vant's icon font is embedded (woff2 data URL) with a fallback on a CDN. The pages never load anything from another
// origin (the CSP says font-src 'self' data:, and a phone on a closed network cannot reach it): drop the fallback.
function noRemoteFonts() {
  return {
    name: 'no-remote-fonts',
    enforce: 'pre',
    transform(code, id) {
      if (!id.includes('/node_modules/vant/') || !id.endsWith('.css')) return null;
      return { code: code.replace(/,\s*url\((?:https?:)?\/\/[^)]*\)\s*format\([^)]*\)/g, ''), map: null };
    },
  };
}

export default defineConfig({
  plugins: [vue(), noRemoteFonts()],
  base: '/',
  resolve: { alias: { '@shared': resolve(__dirname, 'src/shared') } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // the strict CSP (script-src 'self') allows no inline script: keep every script in a file
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    target: 'es2020',
    rollupOptions: {
      input: Object.fromEntries(Object.entries(pages).map(([k, v]) => [k, resolve(__dirname, v)])),
    },
  },
  define: {
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  server: {
    // `npm run dev` beside a running gateway (./suite up): the API stays same-origin through this proxy
    proxy: { '/api': 'http://localhost:8080' },
  },
});
