// Builds the browser app into client/dist, which the server serves. In development, `npm run
// dev:client` serves it with hot reload and forwards the API and live sync to `npm start` on :3000.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const clientDir = fileURLToPath(new URL('.', import.meta.url));
const apiServer = process.env.WORKSORT_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: clientDir,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Konva + React are most of the bundle; one chunk of ~400 KB is fine for a board app.
    chunkSizeWarningLimit: 1000,
  },
  server: {
    // `shared/` lives outside the client folder.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: {
      '/api': { target: apiServer, changeOrigin: false },
      '/sync': { target: apiServer, ws: true, changeOrigin: false },
    },
  },
});
