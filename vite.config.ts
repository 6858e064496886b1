import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Recharts and the d3 pieces under it (~110 KB gzipped): one chunk that only the pages that
            // draw a chart fetch, cached apart from the app's own code, which changes more often.
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|d3-|victory-vendor|internmap|decimal\.js-light)/,
              // Not React and the other modules Recharts shares with the app: those stay where they are.
              includeDependenciesRecursively: false,
            },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    // In development the BFF (npm start) answers /api; Vite only serves the app.
    proxy: { '/api': 'http://localhost:3000' },
  },
});
