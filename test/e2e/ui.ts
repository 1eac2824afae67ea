// What the end-to-end tests share: Playwright's web-first assertions live in
// @playwright/test, so here they are polls on playwright-core locators with
// vitest's expect; navigation, messages and numbered screenshots.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { launchHost, type Host } from '../../electron/host/chromium-host.ts';
import { createContext } from '../../electron/core/context.ts';
import { createDispatcher } from '../../electron/core/ipc/dispatch.ts';
import { createHandlers } from '../../electron/core/ipc/handlers.ts';
import { tempDir } from '../helpers.ts';
import { expect } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHOTS = path.join(ROOT, 'test-results', 'e2e');
export const POLL = { timeout: 20_000 };

export const text = (l: Locator) => l.innerText().then((t) => t.replace(/\s+/g, ' ').trim());

export async function expectContains(l: Locator, s: string) {
  await expect.poll(() => text(l), POLL).toContain(s);
}
export async function expectText(l: Locator, s: string) {
  await expect.poll(() => text(l), POLL).toBe(s);
}
export async function expectClass(l: Locator, re: RegExp) {
  await expect.poll(async () => (await l.getAttribute('class')) ?? '', POLL).toMatch(re);
}
export async function expectEnabled(l: Locator, enabled: boolean) {
  await expect.poll(() => l.isEnabled(), POLL).toBe(enabled);
}
export async function expectCount(l: Locator, n: number) {
  await expect.poll(() => l.count(), POLL).toBe(n);
}

/** Opens a screen from the left menu and waits for it. */
export async function nav(page: Page, key: string) {
  await page.click(`[data-testid="nav-${key}"]`);
  await page.waitForSelector(`[data-testid="page-${key}"]`);
}

/** Waits for an antd message matching the text. */
export async function expectMessage(page: Page, re: string | RegExp) {
  await expect.poll(async () => page.locator('.ant-message-notice').allInnerTexts(), POLL).toEqual(expect.arrayContaining([expect.stringMatching(re)]));
}

/**
 * Numbered screenshots `<prefix>NN-name.png` under test-results/e2e; the
 * files of earlier runs with the same prefix are removed first (and only those).
 */
export function screenshots(page: () => Page, prefix: string, settleMs = 400) {
  fs.mkdirSync(SHOTS, { recursive: true });
  const mine = new RegExp(`^${prefix}\\d\\d-.*\\.png$`);
  for (const f of fs.readdirSync(SHOTS)) if (mine.test(f)) fs.rmSync(path.join(SHOTS, f));
  let step = 0;
  return async (name: string) => {
    step++;
    await page().waitForTimeout(settleMs);
    await page().screenshot({ path: path.join(SHOTS, `${prefix}${String(step).padStart(2, '0')}-${name}.png`) });
  };
}

/** The renderer build the tests drive: KAOHE_RENDERER_DIST (a private build, e.g. while another build runs), else dist-renderer/. */
export function distOption(): { distDir?: string } {
  return process.env.KAOHE_RENDERER_DIST ? { distDir: process.env.KAOHE_RENDERER_DIST } : {};
}

/** The account the end-to-end tests work as: an office clerk who enters data and also reviews (publishes). */
export const TEST_USER = { login: 'office', name: '考核办', password: 'Kaohe#Test2025' };
export const TEST_ADMINS = {
  sysadmin: { login: 'sysadmin', name: '系统管理员', password: 'Sys#Admin2025' },
  secadmin: { login: 'secadmin', name: '安全保密管理员', password: 'Sec#Admin2025' },
  auditor: { login: 'auditor', name: '安全审计员', password: 'Aud#Admin2025' },
};

/**
 * A fresh database as an office has it after the first start: the three
 * administrators set up, and TEST_USER (operator and reviewer) with the
 * first password already changed — made through the trusted in-process path
 * before the page opens.
 */
export async function provisionAccounts(dbFile: string, documentsDir: string): Promise<void> {
  const ctx = await createContext({ dbFile, documentsDir, host: 'chromium' });
  try {
    const dispatch = createDispatcher(createHandlers(ctx));
    const ok = async <T,>(channel: string, input: unknown): Promise<T> => {
      const env = await dispatch(channel, input);
      if (!env.ok) throw new Error(`${channel}: ${env.error.message}`);
      return env.value as T;
    };
    await ok('firstRunSetup', TEST_ADMINS);
    const first = 'First#Pass2025';
    const user = await ok<{ id: number }>('createAccount', { login: TEST_USER.login, name: TEST_USER.name, password: first });
    await ok('setAccountRoles', { userId: user.id, roles: ['operator', 'reviewer'] });
    await ok('changePassword', { login: TEST_USER.login, oldPassword: first, newPassword: TEST_USER.password });
  } finally {
    await ctx.close();
  }
}

/**
 * The application in the Chromium host on a fresh database, at the size the
 * screenshots are judged at, on the checked path: every call of the page
 * needs the session of TEST_USER and the channel's permission.
 */
export async function openApp(tmpPrefix: string): Promise<Host> {
  const dir = tempDir(tmpPrefix);
  const dbFile = path.join(dir, 'kaohe.db');
  const documentsDir = path.join(dir, 'documents');
  await provisionAccounts(dbFile, documentsDir);
  const host = await launchHost({ dbFile, documentsDir, viewport: { width: 1440, height: 900 }, auth: 'session', signIn: { login: TEST_USER.login, password: TEST_USER.password }, ...distOption() });
  host.page.setDefaultTimeout(20_000);
  return host;
}

export type Envelope = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; location?: unknown } };

/** Calls a channel from the page as the renderer would (window.api) and returns its envelope. */
export async function callApi(page: Page, channel: string, input: unknown): Promise<Envelope> {
  return page.evaluate(
    async ([c, i]) => {
      const w = window as unknown as { api: Record<string, (x: unknown) => Promise<unknown>> };
      return (await w.api[c as string]!(i)) as Envelope;
    },
    [channel, input] as const,
  );
}

/** The value of a channel called from the page; throws the server's message. */
export async function apiValue<T>(page: Page, channel: string, input: unknown): Promise<T> {
  const env = await callApi(page, channel, input);
  if (!env.ok) throw new Error(`${channel}: ${env.error.message}`);
  return env.value as T;
}

/** Moves the year's state through the header control (typing `reason` when given) and waits for the new label. */
export async function moveCycleTo(page: Page, status: string, label: string, reason?: string) {
  await page.click('[data-testid="btn-cycle-status"]');
  await page.click(`[data-testid="status-to-${status}"]`);
  const input = page.locator('textarea[data-testid="status-reason"]');
  await input.waitFor();
  if (reason) await input.fill(reason);
  await page.click('[data-testid="status-ok"]');
  await page.locator('[data-testid="status-ok"]').waitFor({ state: 'detached' });
  await expectText(page.locator('[data-testid="cycle-status"]'), label);
}

/** Chooses a category in the screen's picker (segmented control or searchable select) by its name. */
export async function pickCategory(page: Page, name: string) {
  const picker = page.locator('[data-testid="category-picker"]');
  await picker.waitFor();
  if ((await picker.getAttribute('class'))?.includes('ant-segmented')) {
    await picker.locator('.ant-segmented-item', { hasText: name }).first().click();
  } else {
    await picker.click();
    await page.keyboard.type(name);
    await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${name}"]`).first().click();
  }
  await expectContains(picker, name);
}

// ---- spreadsheet-like grids (the collect screens) ------------------------------

/** A cell of an AG Grid by test id, displayed row index and column id. */
export function gridCell(page: Page, grid: string, rowIndex: number, colId: string): Locator {
  return page.locator(`[data-testid="${grid}"] .ag-row[row-index="${rowIndex}"] [col-id="${colId}"]`).first();
}

/**
 * Focuses a cell that may be scrolled out of view: clicks the row's first cell
 * of the given prefix, then walks right with the arrow key until it is reached.
 */
export async function focusGridCell(page: Page, grid: string, rowIndex: number, colId: string, prefix = colId.replace(/\d+$/, '')) {
  await page.locator(`[data-testid="${grid}"] .ag-row[row-index="${rowIndex}"] [col-id^="${prefix}"]`).first().click();
  for (let i = 0; i < 200; i++) {
    const focused = await page.locator(`[data-testid="${grid}"] .ag-cell-focus`).first().getAttribute('col-id');
    if (focused === colId) {
      // the grid marks the cell before the browser has moved the focus into it; a paste goes where the focus is
      await page.waitForFunction(([g, c]) => document.activeElement?.closest(`[data-testid="${g}"] .ag-cell`)?.getAttribute('col-id') === c, [grid, colId] as const);
      return;
    }
    await page.keyboard.press('ArrowRight');
  }
  throw new Error(`cell ${colId} not reached`);
}

/** Types into the focused cell (F2 opens its editor) and confirms with Enter. */
export async function typeInFocused(page: Page, grid: string, value: string) {
  await page.keyboard.press('F2');
  await page.locator(`[data-testid="${grid}"] .ag-cell-inline-editing input`).waitFor();
  await page.keyboard.press('ControlOrMeta+A');
  if (value === '') await page.keyboard.press('Backspace');
  else await page.keyboard.type(value);
  await page.keyboard.press('Enter');
  await page.locator(`[data-testid="${grid}"] .ag-cell-inline-editing`).waitFor({ state: 'detached' });
}

/** Pastes text (tab-separated rows, as spreadsheets copy) where the focus is, as Ctrl+V would. */
export async function pasteText(page: Page, value: string) {
  await page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, value);
}

// ---- signing in (issue 9) ------------------------------------------------------

/** Signs in through the login screen and waits for the application (or the forced password change). */
export async function signInUI(page: Page, login: string, password: string) {
  await page.locator('[data-testid="login-name"]').fill(login);
  await page.locator('[data-testid="login-password"]').fill(password);
  await page.click('[data-testid="login-submit"]');
}

/** Signs out through the user menu and waits for the login screen. */
export async function signOutUI(page: Page) {
  await page.click('[data-testid="user-menu"]');
  await page.click('[data-testid="menu-logout"]');
  await page.locator('[data-testid="login-name"]').waitFor();
}

/** Fills in the document settings a letter needs (contact person and telephone) for every year, through the page's api. */
export async function setDocumentContact(page: Page): Promise<void> {
  for (const c of await apiValue<{ id: number }[]>(page, 'listCycles', {})) {
    const settings = await apiValue<Record<string, unknown>>(page, 'getDocumentSettings', { cycleId: c.id });
    await apiValue(page, 'saveDocumentSettings', { cycleId: c.id, settings: { ...settings, contactPerson: '王明', contactPhone: '0316-5126688' } });
  }
}

/**
 * Clicks a dialog's button and waits for the dialog to be gone. On a loaded
 * machine a click during the dialog's opening animation can be lost; it is
 * then given again (at most three times) rather than waiting the whole timeout.
 */
export async function clickDialogButton(button: Locator, dialog: Locator): Promise<void> {
  for (let i = 0; i < 3; i++) {
    if (await button.isVisible()) await button.click({ timeout: 5000 }).catch(() => undefined);
    const gone = await dialog
      .first()
      .waitFor({ state: 'detached', timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (gone) return;
  }
  await dialog.first().waitFor({ state: 'detached' });
}
