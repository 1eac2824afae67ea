// Bundles the main process and the preload for Electron with esbuild.
// main.cjs keeps node_modules external (electron-builder packs them);
// the sandboxed preload may only require 'electron', so it is self-contained.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: true, logLevel: 'warning' };

await build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: 'dist-electron/main.cjs', packages: 'external' });
await build({ ...common, entryPoints: ['electron/preload/index.ts'], outfile: 'dist-electron/preload.cjs', external: ['electron'] });
console.log('built dist-electron/main.cjs and dist-electron/preload.cjs');
