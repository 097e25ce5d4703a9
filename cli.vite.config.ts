/**
 * The `taxiway` command bundled for Node (out/cli/taxiway.cjs and its lazy chunk), so a run loads
 * two files instead of compiling ~150 TypeScript modules through tsx. Every dependency is bundled except
 * keytar, a native module that must be loaded from node_modules. Beside the bundle,
 * out/cli/inputs.json lists the files it was built from (repository-relative), which bin/taxiway
 * compares with the bundle's time to rebuild a stale bundle before running it.
 */
import { resolve, relative, sep } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;

/** Where the bundle and its inputs list are written. */
export const CLI_OUT_DIR = resolve(root, 'out/cli');

/** Emits inputs.json: the repository files (outside node_modules) the bundle was built from. */
function inputsList(): Plugin {
  return {
    name: 'taxiway-cli-inputs',
    apply: 'build',
    generateBundle() {
      const files = new Set<string>(['package.json', 'package-lock.json', 'cli.vite.config.ts']);
      for (const id of this.getModuleIds()) {
        const file = id.split('?')[0] ?? '';
        if (!file.startsWith(root + sep) || file.includes(`${sep}node_modules${sep}`)) continue;
        files.add(relative(root, file).split(sep).join('/'));
      }
      this.emitFile({
        type: 'asset',
        fileName: 'inputs.json',
        source: `${JSON.stringify([...files].sort(), null, 1)}\n`,
      });
    },
  };
}

export default defineConfig({
  root,
  logLevel: 'warn',
  plugins: [inputsList()],
  // Bundle node_modules too (fewer files to resolve at start), except the native keychain module.
  ssr: { noExternal: true, external: ['keytar'], target: 'node' },
  build: {
    ssr: resolve(root, 'electron/cli/main.ts'),
    outDir: CLI_OUT_DIR,
    emptyOutDir: false,
    target: 'node20',
    minify: true,
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    rollupOptions: {
      external: ['keytar'],
      // The entry is small (it answers --version); the runner and services are one lazy chunk,
      // content-hashed so a run that began with an older entry still finds its own chunk.
      output: {
        format: 'cjs',
        entryFileNames: 'taxiway.cjs',
        chunkFileNames: 'taxiway-[name]-[hash].cjs',
      },
    },
  },
});
