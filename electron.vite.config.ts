/**
 * Three builds into out/: main (electron/main/index.ts), preload (forced to one CommonJS file:
 * sandboxed preloads cannot be ESM) and the renderer (renderer/index.html). Needs no Electron
 * binary. The renderer's HTML gets the app's CSP as a meta tag too (a fallback for the header
 * that both transports send), generated from the one policy in electron/app/csp.ts.
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { CSP_DIRECTIVES } from './electron/app/csp';

const root = import.meta.dirname;

/** The CSP as a meta tag; frame-ancestors is header-only and is left out here. */
function cspMeta(): Plugin {
  const policy = Object.entries(CSP_DIRECTIVES)
    .filter(([name]) => name !== 'frame-ancestors')
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
  return {
    name: 'taxiway-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: policy },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig(({ mode }) => ({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      lib: { entry: resolve(root, 'electron/main/index.ts'), formats: ['es'] },
      rollupOptions: { output: { entryFileNames: 'index.js' } },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      lib: { entry: resolve(root, 'electron/preload/index.ts'), formats: ['cjs'] },
      rollupOptions: { output: { format: 'cjs', entryFileNames: 'index.cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    plugins: [react(), cspMeta()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
      // No inline data: scripts or modulepreload polyfill: the CSP allows only 'self' scripts.
      modulePreload: { polyfill: false },
      assetsInlineLimit: 0,
      // electron-vite leaves minification off; the renderer is shipped, so make it small.
      minify: true,
      // No source map in a production build: web mode would serve the whole source to any
      // page that asks. `electron-vite build --mode development` keeps one for debugging.
      sourcemap: mode !== 'production',
    },
  },
}));
