/**
 * The phone's first screen four ways (bench/pages.bench.ts): today's hand-written components and ports
 * to Vue 3, Preact (+ signals) and Lit, each a page of its own over the same data core and the same CSS.
 * Built next to the real pages (same outDir, not emptied) so the hub serves them on the API's origin.
 * Scratch for a measurement: nothing under apps/ imports from here.
 */
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const PORTS = ['hand', 'vue', 'preact', 'lit'] as const;

export default defineConfig({
  root: here('.'),
  base: './',
  publicDir: false,
  resolve: {
    alias: {
      '@xiaonao/contracts': here('../../libs/contracts/src/index.ts'),
      '@xiaonao/domain': here('../../libs/domain/src/index.ts'),
    },
  },
  // Vue's documented production flags: no Options API (the ports use <script setup>), no devtools.
  define: { __VUE_OPTIONS_API__: 'false', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  plugins: [vue()],
  build: {
    outDir: process.env.PAGES_OUT_DIR ?? here('../../dist/bench-pages'),
    emptyOutDir: false,
    target: 'es2022',
    assetsDir: 'bench-assets',
    rollupOptions: { input: Object.fromEntries(PORTS.map((port) => [`phone-${port}`, here(`./phone-${port}.html`)])) },
  },
});
