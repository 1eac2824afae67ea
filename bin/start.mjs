#!/usr/bin/env node
// `npm start`: runs the application in Electron where its binary is
// installed; where it is not (machines without internet, where the binary
// cannot be downloaded), opens the same application in a Chromium app
// window hosted by the same services, and says so.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Looks for the binary the way the electron package records it (path.txt
// beside dist/), without require('electron'): that would try to download it.
function electronBinary() {
  try {
    const pkg = path.dirname(require.resolve('electron/package.json'));
    const pathFile = path.join(pkg, 'path.txt');
    const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
    if (!fs.existsSync(pathFile)) return null;
    const bin = path.join(dist, fs.readFileSync(pathFile, 'utf8').trim());
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const bin = electronBinary();
if (bin && !process.argv.includes('--chromium')) {
  const child = spawn(bin, ['.'], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  const { launchHost } = await import('../electron/host/chromium-host.ts');
  const { defaultUserDataDir, DB_FILE_NAME } = await import('../electron/core/paths.ts');
  const dataDir = process.env.KAOHE_DATA_DIR ?? defaultUserDataDir();
  const dbFile = path.join(dataDir, DB_FILE_NAME);
  console.log('未安装 Electron 运行文件：改用 Chromium 应用窗口运行同一应用（同一套服务与数据库）。');
  console.log(`数据库：${dbFile}`);
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && process.platform === 'linux') {
    console.error('没有图形显示（DISPLAY 未设置）。请在桌面环境中运行，或使用 xvfb-run npm start。');
    process.exit(1);
  }
  const host = await launchHost({ dbFile, documentsDir: path.join(dataDir, 'documents'), headless: false, host: 'chromium' });
  console.log('窗口已打开；关闭窗口即退出。');
  await new Promise((resolve) => host.context.on('close', resolve));
  await host.close();
}
