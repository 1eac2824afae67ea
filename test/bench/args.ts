// What every benchmark script reads from its command line and how it sums up
// its runs: one definition, so the sections of `npm run bench` agree.

/** `--flag N` or `--flag=N` from argv: a non-negative integer, or the fallback when absent. */
export function intArg(argv: readonly string[], flag: string, fallback: number): number {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return fallback;
  const text = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} wants a non-negative integer, not ${text}`);
  return n;
}

/** The median (of an even count: the mean of the middle two). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
