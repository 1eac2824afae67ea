// The database key on a desktop: 32 random bytes, wrapped by the operating
// system (Electron safeStorage: DPAPI on Windows, the keychain on macOS,
// libsecret/kwallet on Linux) and kept beside the database as
// `<db>.key`. Encryption is switched on by configuration:
//   - KAOHE_DB_KEY set: that passphrase (as the command line uses it);
//   - KAOHE_ENCRYPT=1, or a `<db>.key` file present: the wrapped key (made on
//     the first start when the database does not exist yet);
//   - otherwise none: a plaintext (legacy) database keeps opening.
// Where safeStorage cannot encrypt (no keyring), no key is made and the
// database stays as it is; the start says so in the log.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { safeStorage } from 'electron';

export function loadDbKey(dbFile: string): string | Buffer | null {
  const env = process.env.KAOHE_DB_KEY;
  if (env) return env;
  const keyFile = `${dbFile}.key`;
  if (fs.existsSync(keyFile)) {
    if (!safeStorage.isEncryptionAvailable()) throw new Error('本机的系统密钥服务不可用，无法解开数据库密钥。请在安装本系统的账户下运行。');
    const key = Buffer.from(safeStorage.decryptString(fs.readFileSync(keyFile)), 'hex');
    if (key.length !== 32) throw new Error(`数据库密钥文件“${keyFile}”已损坏。`);
    return key;
  }
  if (process.env.KAOHE_ENCRYPT === '1' && !fs.existsSync(dbFile)) {
    if (!safeStorage.isEncryptionAvailable()) {
      console.error('[kaohe] safeStorage unavailable: the database is created without encryption');
      return null;
    }
    const key = randomBytes(32);
    fs.writeFileSync(keyFile, safeStorage.encryptString(key.toString('hex')), { mode: 0o600 });
    return key;
  }
  return null;
}
