// The Chromium host as the page sees it: window.api built from the contract,
// bad input answered with envelopes, nothing reachable outside the app; and
// its default, the checked path (a host must ask for the trusted one).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchHost, type Host } from '../../electron/host/chromium-host.ts';
import { CHANNELS } from '../../shared/ipc/contract.ts';
import { tempDir } from '../helpers.ts';

let host: Host;
beforeAll(async () => {
  const dir = tempDir();
  // these tests call channels without signing in: the trusted path, asked for
  host = await launchHost({ dbFile: path.join(dir, 'kaohe.db'), documentsDir: path.join(dir, 'documents'), auth: 'trusted' });
});
afterAll(async () => {
  await host?.close();
});

describe('the page and its bridge', () => {
  it('has window.api with exactly the contract channels, frozen', async () => {
    const info = await host.page.evaluate(() => {
      const api = (window as unknown as { api: Record<string, unknown> }).api;
      return { keys: Object.keys(api).sort(), frozen: Object.isFrozen(api) };
    });
    expect(info.keys).toEqual([...CHANNELS].sort());
    expect(info.frozen).toBe(true);
  });

  it('answers bad input from the page with an envelope, not an exception', async () => {
    const res = await host.page.evaluate(async () => {
      const api = (window as unknown as { api: Record<string, (i: unknown) => Promise<unknown>> }).api;
      return [await api.saveUnit!({ cycleId: 'x' }), await api.createCycle!({ name: '', year: 1900 }), await api.listCycles!({})];
    });
    expect(res[0]).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((res[1] as { error: { message: string } }).error.message).toMatch(/name|year/);
    expect(res[2]).toEqual({ ok: true, value: [] });
  });

  it('refuses an unknown channel sent straight to the binding', async () => {
    const res = await host.page.evaluate(async () => (window as unknown as Record<string, (c: string, i: unknown) => Promise<unknown>>)['__kaoheInvoke']!('dropAll', {}));
    expect(res).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
  });

  it('reaches nothing outside the app: requests to the network fail', async () => {
    const outcome = await host.page.evaluate(async () => {
      try {
        await fetch('https://example.com/');
        return 'reached';
      } catch {
        return 'blocked';
      }
    });
    expect(outcome).toBe('blocked');
    // and below the page's CSP, the host itself aborts any request off the app's origin
    const other = await host.context.newPage();
    await expect(other.goto('https://example.com/')).rejects.toThrow(/ERR_BLOCKED_BY_CLIENT/);
    await other.close();
  });

  it('shows the Chinese user interface', async () => {
    await host.page.waitForSelector('text=考核评价桌面系统', { timeout: 30_000 });
    expect(await host.page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });
});

describe('the default host', () => {
  it('takes the checked path: nothing but setup and sign-in without a session', async () => {
    const dir = tempDir();
    const checked = await launchHost({ dbFile: path.join(dir, 'kaohe.db'), documentsDir: path.join(dir, 'documents') });
    try {
      const res = await checked.page.evaluate(async () => {
        const api = (window as unknown as { api: Record<string, (i: unknown) => Promise<unknown>> }).api;
        return { cycles: await api.listCycles!({}), demo: await api.loadDemo!({}), setup: await api.setupStatus!({}), session: await api.currentSession!({}) };
      });
      expect(res.cycles).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(res.demo).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      expect(res.setup).toMatchObject({ ok: true, value: { needsSetup: true } });
      expect(res.session).toMatchObject({ ok: true, value: { signedIn: false } });
      // nothing was written: the refused loadDemo left no year behind
      expect(await checked.services.db.selectFrom('cycles').select('id').execute()).toEqual([]);
    } finally {
      await checked.close();
    }
  });
});
