// Password hashes: scrypt (node:crypto), a random salt per hash, the
// parameters stored with the hash so they can be raised later.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 16384;
const R = 8;
const P = 1;
const KEYLEN = 32;

function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password.normalize('NFC'), salt, keylen, opts, (e, k) => (e ? reject(e) : resolve(k))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  // an account without a password (a system actor) or a malformed hash still costs one scrypt, so timing says nothing
  const parts = stored?.split('$') ?? [];
  const ok = parts.length === 6 && parts[0] === 'scrypt';
  const n = ok ? Number(parts[1]) : N;
  const r = ok ? Number(parts[2]) : R;
  const p = ok ? Number(parts[3]) : P;
  const salt = ok ? Buffer.from(parts[4]!, 'base64') : randomBytes(16);
  const expected = ok ? Buffer.from(parts[5]!, 'base64') : randomBytes(KEYLEN);
  if (!Number.isInteger(n) || n < 2 || n > 1 << 20 || !Number.isInteger(r) || !Number.isInteger(p)) return false;
  const got = await scrypt(password, salt, expected.length, { N: n, r, p, maxmem: 256 * 1024 * 1024 });
  return ok && got.length === expected.length && timingSafeEqual(got, expected);
}
