#!/usr/bin/env node
// The `kaohe` command-line tool. The sources are TypeScript, run by Node's
// own type stripping (Node >= 22.18).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(`kaohe 需要 Node.js 22.18 或更高版本（当前 ${process.version}）。\n`);
  process.exit(2);
}
// `kaohe compute db | head`: a closed pipe is the reader's choice, not an error
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { main } = await import('../electron/cli/kaohe.ts');
process.exitCode = await main(process.argv.slice(2));
