// Runs one risky operation for crash.test.ts, which kills this process with
// SIGKILL part-way: node test/security/crash-child.ts <op> <db> <arg>
import { createContext } from '../../electron/core/context.ts';
import { createBackup, restoreFrom } from '../../electron/core/backup/backup.ts';
import { importPackage } from '../../electron/core/exchange/package.ts';

const [op, db, arg] = process.argv.slice(2) as [string, string, string];
const ctx = await createContext({ dbFile: db });
process.stdout.write('start\n');
if (op === 'import') await importPackage(ctx, { name: arg, passphrase: 'jiaohuan-koulin', conflicts: 'take' });
else if (op === 'restore') await restoreFrom(ctx, arg);
else if (op === 'backup') for (let i = 0; i < 20; i++) await createBackup(ctx, `loop${i}`);
process.stdout.write('done\n');
await ctx.close();
