import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Four pages served by the hub from apps/web/dist at `/`, on the same origin as the API and socket.io.
export default defineConfig({
  root: here('./src'),
  base: './',
  publicDir: false,
  resolve: {
    alias: {
      '@xiaonao/contracts': here('../../libs/contracts/src/index.ts'),
      '@xiaonao/domain': here('../../libs/domain/src/index.ts'),
    },
  },
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        index: here('./src/index.html'),
        console: here('./src/console.html'),
        phone: here('./src/phone.html'),
        station: here('./src/station.html'),
      },
    },
  },
  server: {
    // `npx vite --config apps/web/vite.config.ts` next to a running hub (default port 3000).
    proxy: {
      '/api': 'http://127.0.0.1:3000',
      '/socket.io': { target: 'ws://127.0.0.1:3000', ws: true },
    },
  },
});
