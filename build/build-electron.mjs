// Bundles the main process and the preload for Electron with esbuild.
// main.cjs keeps node_modules external (electron-builder packs the production
// dependencies); the sandboxed preload may only require 'electron', so it is
// self-contained.
//
// The build refuses what must not reach the installer: the Chromium host
// (electron/host/) and playwright-core in the main bundle, anything but the
// client factory and the channel names in the preload (not zod, not the
// contract's schemas).
//
//   node build/build-electron.mjs [--outdir <folder>]    (default dist-electron)
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist-electron' } } });
const outdir = values.outdir;

const common = { bundle: true, platform: 'node', target: 'node22', format: 'cjs', sourcemap: true, logLevel: 'warning', metafile: true };

const preload = await build({ ...common, entryPoints: ['electron/preload/index.ts'], outfile: path.join(outdir, 'preload.cjs'), external: ['electron'] });
// import.meta.url is undefined in the bundle: the worker runner then looks for worker.cjs beside main.cjs
const main = await build({ ...common, entryPoints: ['electron/main/index.ts'], outfile: path.join(outdir, 'main.cjs'), packages: 'external', define: { 'import.meta.url': 'undefined' } });
// long imports run in a worker thread (electron/core/worker/run.ts looks for worker.cjs beside main.cjs)
await build({ ...common, entryPoints: ['electron/core/worker/worker-main.ts'], outfile: path.join(outdir, 'worker.cjs'), packages: 'external', define: { 'import.meta.url': 'undefined' } });
// long writes (bulk saves, province-scale recomputes) run on a connection of their own (electron/core/offload.ts looks for service-worker.cjs)
await build({ ...common, entryPoints: ['electron/core/worker/service-worker.ts'], outfile: path.join(outdir, 'service-worker.cjs'), packages: 'external', define: { 'import.meta.url': 'undefined' } });

const problems = [];

const mainInputs = Object.keys(main.metafile.inputs);
const mainImports = Object.values(main.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
for (const f of mainInputs.filter((f) => f.startsWith('electron/host/') || f.includes('playwright'))) problems.push(`main.cjs bundles ${f}`);
for (const p of mainImports.filter((p) => p.includes('playwright'))) problems.push(`main.cjs requires ${p}`);

const PRELOAD_ALLOWED = new Set(['electron/preload/index.ts', 'shared/ipc/client.ts', 'shared/ipc/channels.ts']);
// a package is named once, not with each of its files
const owner = (f) => f.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? f;
const extra = new Set(Object.keys(preload.metafile.inputs).filter((f) => !PRELOAD_ALLOWED.has(f)).map(owner));
for (const f of extra) problems.push(`preload.cjs bundles ${f}`);

if (problems.length > 0) {
  console.error(`build-electron: refused:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const kib = (file) => `${(fs.statSync(path.join(outdir, file)).size / 1024).toFixed(1)} KiB`;
console.log(`built ${outdir}/main.cjs (${kib('main.cjs')}) and ${outdir}/preload.cjs (${kib('preload.cjs')})`);
