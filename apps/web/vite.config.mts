import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The pages the phone needs offline: itself and the login page it falls back to. */
const SHELL_PAGES = ['phone.html', 'index.html'];
/** Built output that is not a page's code: the manifest and its icons (from apps/web/public). */
const SHELL_STATIC = /^(phone\.webmanifest|icons\/phone-[\w-]+\.png)$/;

/**
 * The files the shell pages load, read from the bundle: the pages, the chunks they import (statically
 * or not), their CSS and what that CSS points at. The service worker precaches these and nothing else,
 * so a phone does not download the console's code to work offline.
 */
function phoneShell(): { plugin: Plugin; files: Set<string> } {
  const files = new Set<string>();
  const plugin: Plugin = {
    name: 'xiaonao:phone-shell',
    apply: 'build',
    writeBundle(_, bundle) {
      files.clear();
      const add = (fileName: string): void => {
        if (files.has(fileName)) return;
        const item = bundle[fileName];
        if (!item) return;
        files.add(fileName);
        if (item.type === 'chunk') {
          for (const next of [...item.imports, ...item.dynamicImports, ...(item.viteMetadata?.importedCss ?? []), ...(item.viteMetadata?.importedAssets ?? [])]) add(next);
        } else if (fileName.endsWith('.html') || fileName.endsWith('.css')) {
          const text = typeof item.source === 'string' ? item.source : new TextDecoder().decode(item.source);
          for (const match of text.matchAll(/(?:href|src)="\.?\/?([^"]+)"|url\(\s*["']?\.?\/?([^"')]+)["']?\s*\)/g)) {
            const referenced = (match[1] ?? match[2] ?? '').replace(/^(\.\.\/)+/, 'assets/');
            add(referenced.startsWith('assets/') || bundle[referenced] ? referenced : `assets/${referenced}`);
          }
        }
      };
      for (const page of SHELL_PAGES) add(page);
    },
  };
  return { plugin, files };
}

const shell = phoneShell();

// Four pages served by the hub from apps/web/dist at `/`, on the same origin as the API and socket.io.
export default defineConfig({
  root: here('./src'),
  base: './',
  // The phone's web manifest and icons, copied as they are (the manifest names them by fixed paths).
  publicDir: here('./public'),
  resolve: {
    alias: {
      '@xiaonao/contracts': here('../../libs/contracts/src/index.ts'),
      '@xiaonao/domain': here('../../libs/domain/src/index.ts'),
    },
  },
  // Pages written in Preact (TSX, docs/adr/0001-page-layer.md): the automatic runtime from preact/jsx-runtime.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [
    shell.plugin,
    // Workbox's generateSW through vite-plugin-pwa (v2 supports Vite 8). The phone page registers the
    // worker itself with scope `./phone.html`, so it controls the phone page only; the manifest is a
    // plain file linked from phone.html alone (the plugin would link its own into every page).
    // No runtime caching: `/api` and `/socket.io` always go to the network, and worker steps wait in
    // the page's own IndexedDB queue (step-queue.ts), not in Workbox's BackgroundSync.
    VitePWA({
      strategies: 'generateSW',
      injectRegister: false,
      manifest: false,
      filename: 'phone-sw.js',
      workbox: {
        globPatterns: ['**/*.{html,js,css,png,svg,webmanifest}'],
        manifestTransforms: [(entries) => ({ manifest: entries.filter((e) => shell.files.has(e.url) || SHELL_STATIC.test(e.url)), warnings: [] })],
        navigateFallback: null,
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        // A new build takes over at once: the shell is small and the queue lives in IndexedDB, not in the worker.
        clientsClaim: true,
        skipWaiting: true,
        // The push and notificationclick handlers (Web Push), a plain script from apps/web/public.
        importScripts: ['phone-push-sw.js'],
      },
    }),
  ],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    // The review page carries ECharts and Leaflet (about 600 KiB raw, 210 KiB gzip): a desktop page on the
    // command room's network, where one file is cheaper than a waterfall; the phone's chunks stay small.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      input: {
        index: here('./src/index.html'),
        console: here('./src/console.html'),
        phone: here('./src/phone.html'),
        station: here('./src/station.html'),
        review: here('./src/review.html'),
        district: here('./src/district.html'),
      },
    },
  },
  server: {
    // `npx vite --config apps/web/vite.config.mts` next to a running hub (default port 3000).
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
