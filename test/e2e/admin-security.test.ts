// Security through the user interface (issue 9), on the checked path: the
// first-run setup of the three administrators (三员分立), sign-in as each
// role with the screens each may see, an operator whose first password must
// be changed and who neither sees the accounts nor reaches them through
// window.api (forbidden), the lockout after repeated failures, the lock
// screen, data exchange with a field laptop (its tallies and events previewed
// and imported), and the auditor's trail filtered by user, with the chain check.
// Screenshots go to test-results/e2e/admin-NN-*.png.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../electron/core/context.ts';
import { rawOf } from '../../electron/core/db/handles.ts';
import { exchangeDirOf, exportPackage } from '../../electron/core/exchange/package.ts';
import { saveBallots, saveEvent } from '../../electron/core/services/collect-data.ts';
import { launchHost, type Host } from '../../electron/host/chromium-host.ts';
import type { SubjectKey } from '../../shared/domain.ts';
import { tempDir } from '../helpers.ts';
import { POLL, callApi, distOption, expectContains, expectCount, nav, screenshots, signInUI, signOutUI, text } from './ui.ts';

const T = 240_000;
const PW = { sysadmin: 'Sys#Admin2025', secadmin: 'Sec#Admin2025', auditor: 'Aud#Admin2025' };
const OP_FIRST = 'First#Pass2025';
const OP_PW = 'Oper#Work2025';
const EXCHANGE_PASS = 'jiaohuan#2025';

let host: Host;
let page: Page;
const shot = screenshots(() => page, 'admin-', 400);

beforeAll(async () => {
  const dir = tempDir('kaohe-e2e-admin-');
  host = await launchHost({ dbFile: path.join(dir, 'kaohe.db'), documentsDir: path.join(dir, 'documents'), viewport: { width: 1440, height: 900 }, auth: 'session', ...distOption() });
  page = host.page;
  page.setDefaultTimeout(20_000);
}, T);

afterAll(async () => {
  await host?.close();
});

const visibleNav = () => page.locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
const visibleTabs = () => page.locator('[data-testid^="tab-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));

describe('三员分立 through the user interface', () => {
  it('asks for the three administrators at the first start, then for a login', async () => {
    await page.locator('[data-testid="setup-form"]').waitFor({ timeout: 30_000 });
    // nothing but setup is open: a business channel is refused without a session
    expect((await callApi(page, 'listCycles', {})) as unknown).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await shot('setup');
    // a weak password is refused in the form, before the server is asked
    await page.locator('[data-testid="setup-sysadmin-password"]').fill('short');
    await page.click('[data-testid="setup-submit"]');
    await expectContains(page.locator('.ant-form-item-explain-error').first(), '至少 10 个字符');
    for (const r of ['sysadmin', 'secadmin', 'auditor'] as const) {
      await page.locator(`[data-testid="setup-${r}-password"]`).fill(PW[r]);
      await page.locator(`[data-testid="setup-${r}-confirm"]`).fill(PW[r]);
    }
    await page.click('[data-testid="setup-submit"]');
    await expectContains(page.locator('[data-testid="login-notice"]'), '三个管理员账号已设置');
    await shot('login');
  }, T);

  it('the system administrator sees only 系统管理 and creates an account without roles', async () => {
    await signInUI(page, 'sysadmin', PW.sysadmin);
    await page.locator('[data-testid="accounts-table"]').waitFor();
    expect(await visibleNav()).toEqual(['nav-admin']);
    const tabs = await visibleTabs();
    expect(tabs).toEqual(expect.arrayContaining(['tab-accounts', 'tab-backups', 'tab-info']));
    expect(tabs).not.toContain('tab-trail');
    await page.click('[data-testid="btn-create-account"]');
    await page.locator('[data-testid="account-login"]').fill('op1');
    await page.locator('[data-testid="account-name"]').fill('张业务');
    await page.locator('[data-testid="account-password"]').fill(OP_FIRST);
    await page.click('[data-testid="account-ok"]');
    await expectContains(page.locator('[data-testid="accounts-table"]'), '张业务');
    await expectContains(page.locator('[data-testid="accounts-table"] tr', { hasText: 'op1' }), '未分配角色');
    // roles are not his to give
    await expectCount(page.locator('[data-testid="btn-roles-op1"]'), 0);
    // a backup now
    await page.click('[data-testid="tab-backups"]');
    await page.click('[data-testid="btn-create-backup"]');
    await expect.poll(() => page.locator('[data-testid="backups-table"] tbody tr.ant-table-row').count(), POLL).toBeGreaterThan(0);
    await shot('sysadmin-backups');
    await page.click('[data-testid="tab-accounts"]');
    await shot('sysadmin-accounts');
    await signOutUI(page);
  }, T);

  it('the security administrator gives the operator and reviewer roles; 三员 cannot be combined', async () => {
    await signInUI(page, 'secadmin', PW.secadmin);
    await page.locator('[data-testid="accounts-table"]').waitFor();
    expect(await visibleTabs()).toEqual(expect.arrayContaining(['tab-accounts', 'tab-policy']));
    await page.click('[data-testid="btn-roles-op1"]');
    await page.click('[data-testid="role-operator"]');
    await page.click('[data-testid="role-reviewer"]');
    await page.click('[data-testid="role-sysadmin"]');
    await page.click('[data-testid="role-auditor"]');
    await expectContains(page.locator('.ant-modal-body'), '三员分立');
    expect(await page.locator('[data-testid="roles-ok"]').isEnabled()).toBe(false);
    await shot('roles-separation');
    await page.click('[data-testid="role-sysadmin"]');
    await page.click('[data-testid="role-auditor"]');
    await page.click('[data-testid="roles-ok"]');
    await expectContains(page.locator('[data-testid="accounts-table"] tr', { hasText: 'op1' }), '业务操作员');
    await page.click('[data-testid="tab-policy"]');
    await page.locator('[data-testid="policy-form"]').waitFor();
    await shot('policy');
    await signOutUI(page);
  }, T);

  it('the operator changes the first password, sees the year’s screens but not the accounts, and window.api refuses them', async () => {
    await signInUI(page, 'op1', OP_FIRST);
    await page.locator('[data-testid="pw-old"]').waitFor();
    await shot('forced-password');
    await page.locator('[data-testid="pw-old"]').fill(OP_FIRST);
    await page.locator('[data-testid="pw-new"]').fill(OP_PW);
    await page.locator('[data-testid="pw-confirm"]').fill(OP_PW);
    await page.click('[data-testid="pw-ok"]');
    await page.locator('[data-testid="btn-load-demo"]').waitFor({ timeout: 30_000 });
    await page.click('[data-testid="btn-load-demo"]');
    await page.waitForSelector('[data-testid="page-dashboard"]', { timeout: 120_000 });
    const navs = await visibleNav();
    expect(navs).toEqual(expect.arrayContaining(['nav-dashboard', 'nav-collect', 'nav-documents', 'nav-rectify', 'nav-admin']));
    await nav(page, 'admin');
    const tabs = await visibleTabs();
    expect(tabs).toEqual(expect.arrayContaining(['tab-exchange', 'tab-audit']));
    expect(tabs).not.toContain('tab-accounts');
    expect(tabs).not.toContain('tab-trail');
    await shot('operator-admin');
    for (const [channel, input] of [
      ['listAccounts', {}],
      ['createAccount', { login: 'x1', name: '冒名', password: 'Abcdef#12345' }],
      ['queryAudit', {}],
      ['restoreBackup', { name: 'x.db' }],
    ] as const) {
      const env = await callApi(page, channel, input);
      expect(env, channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await signOutUI(page);
  }, T);

  it('the operator takes a field laptop’s tallies and events in through 数据交换: previewed, then imported', async () => {
    await signInUI(page, 'op1', OP_PW);
    // back where the operator left off (系统管理)
    await page.locator('[data-testid="nav-admin"]').waitFor({ timeout: 60_000 });
    await nav(page, 'admin');
    await page.click('[data-testid="tab-exchange"]');
    const office = host.services;
    const cycleId = (await office.db.selectFrom('cycles').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
    // the office exports first (its base), the tallies and events only
    await page.locator('[data-testid="exchange-cycle"]').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().click();
    await page.locator('[data-testid="exchange-parts"] label', { hasText: '分数' }).click();
    await page.locator('[data-testid="exchange-out-pass"]').fill(EXCHANGE_PASS);
    await page.click('[data-testid="btn-export-package"]');
    await expectContains(page.locator('[data-testid="export-package-result"]'), '分数 0 个');
    await page.getByRole('button', { name: '知道了' }).click();
    // the field laptop: a copy of the office's database, one tally corrected and an event entered there
    const fieldDir = tempDir('kaohe-e2e-field-');
    rawOf(office.db).prepare('VACUUM INTO ?').run(path.join(fieldDir, 'kaohe.db'));
    const field = await createContext({ dbFile: path.join(fieldDir, 'kaohe.db') });
    const b = rawOf(field.db)
      .prepare(`select b.unit_id, b.rater_group_id, b.expected, b.present, b.valid, b.invalid, b.votes, u.name from eval_ballots b join rater_groups g on g.id = b.rater_group_id join units u on u.id = b.unit_id where g.cycle_id = ? and b.valid >= 4 order by b.unit_id limit 1`)
      .get(cycleId) as { unit_id: number; rater_group_id: number; expected: number; present: number; valid: number; invalid: number; votes: string; name: string };
    const votes = JSON.parse(b.votes) as Record<string, number>;
    const levels = Object.keys(votes);
    const top = levels.find((l) => votes[l]! >= 2)!;
    votes[top]! -= 2;
    votes[levels.at(-1)!]! += 2;
    const subjectKey = `unit:${b.unit_id}` as SubjectKey;
    await saveBallots(field, { ballots: [{ subjectKey, raterGroupId: b.rater_group_id, expected: b.expected, present: b.present, valid: b.valid, invalid: b.invalid, votes }] });
    await saveEvent(field, { cycleId, subjectKey, kind: 'deduction', points: 1, reason: '考核组现场核查发现台账缺失' });
    const pkg = await exportPackage(field, { cycleId, parts: ['ballots', 'events'], passphrase: EXCHANGE_PASS });
    await field.close();
    fs.copyFileSync(pkg.file, path.join(exchangeDirOf(office.dbFile), pkg.name));
    fs.rmSync(fieldDir, { recursive: true, force: true });
    // the list is read when the tab opens
    await nav(page, 'dashboard');
    await nav(page, 'admin');
    await page.click('[data-testid="tab-exchange"]');
    await page.locator('[data-testid="packages-table"] tr', { hasText: pkg.name }).locator('.ant-radio').click();
    await page.locator('[data-testid="exchange-in-pass"]').fill(EXCHANGE_PASS);
    await page.click('[data-testid="btn-preview-package"]');
    await expectContains(page.locator('[data-testid="package-changes"]'), '测评 1、事项 1');
    const changes = page.locator('[data-testid="changes-table"]');
    await expectContains(changes, `${b.name}：民主测评`);
    await expectContains(changes, '台账缺失');
    await expectContains(page.locator('[data-testid="package-preview"]'), '没有冲突');
    await shot('exchange-preview');
    await page.click('[data-testid="btn-import-package"]');
    await page.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
    await expectContains(page.locator('[data-testid="import-package-result"]'), '写入 2 处');
    await page.getByRole('button', { name: '知道了' }).click();
    const stored = rawOf(office.db).prepare(`select votes from eval_ballots where unit_id = ? and rater_group_id = ?`).get(b.unit_id, b.rater_group_id) as { votes: string };
    expect(JSON.parse(stored.votes)).toEqual(votes);
    expect(rawOf(office.db).prepare(`select count(*) n from events where reason = '考核组现场核查发现台账缺失'`).get()).toEqual({ n: 1 });
    await signOutUI(page);
  }, T);

  it('locks an account after five wrong passwords, and says so in Chinese', async () => {
    for (let i = 0; i < 4; i++) {
      await signInUI(page, 'op1', `Wrong#Pass${i}x`);
      await expectContains(page.locator('[data-testid="login-error"]'), '账号或密码不正确');
    }
    await signInUI(page, 'op1', 'Wrong#Pass9x');
    await expectContains(page.locator('[data-testid="login-error"]'), '账号已锁定');
    // the right password does not open a locked account
    await signInUI(page, 'op1', OP_PW);
    await expectContains(page.locator('[data-testid="login-error"]'), '已被锁定');
    await shot('locked-out');
  }, T);

  it('the auditor sees the whole trail (sign-ins, the lockout) and checks the chain', async () => {
    await signInUI(page, 'auditor', PW.auditor);
    await page.locator('[data-testid="trail-table"]').waitFor();
    expect(await visibleNav()).toEqual(['nav-admin']);
    const tabs = await visibleTabs();
    expect(tabs).toContain('tab-trail');
    expect(tabs).not.toContain('tab-accounts');
    await expectContains(page.locator('[data-testid="trail-table"]'), 'auth.lockout');
    await expectContains(page.locator('[data-testid="trail-table"]'), 'account.create');
    // filtered by a user the auditor may not list as an account: the operator's sign-out and import are his
    await page.locator('[data-testid="trail-user"]').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '张业务（op1）' }).click();
    await expectContains(page.locator('[data-testid="trail-table"]'), 'exchange.import');
    await expectContains(page.locator('[data-testid="trail-table"]'), 'auth.logout');
    expect(await text(page.locator('[data-testid="trail-table"]'))).not.toContain('account.create');
    await shot('auditor-trail-user');
    await page.locator('[data-testid="trail-user"]').hover();
    await page.locator('[data-testid="trail-user"] .ant-select-clear').click();
    await page.click('[data-testid="btn-verify-audit"]');
    await expectContains(page.locator('[data-testid="audit-verdict"]'), '审计链完整');
    await shot('auditor-trail');
  }, T);

  it('the lock screen hides the window until the password is given again', async () => {
    await page.click('[data-testid="user-menu"]');
    await page.click('[data-testid="menu-lock"]');
    await page.locator('[data-testid="lock-screen"]').waitFor();
    expect(await page.locator('[data-testid="trail-table"]').isVisible()).toBe(false);
    // the server's session is gone too
    expect((await callApi(page, 'queryAudit', {})) as unknown).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    await shot('lock-screen');
    await page.locator('[data-testid="unlock-password"]').fill('Wrong#Pass1x');
    await page.click('[data-testid="unlock-submit"]');
    await expectContains(page.locator('[data-testid="unlock-error"]'), '不正确');
    await page.locator('[data-testid="unlock-password"]').fill(PW.auditor);
    await page.click('[data-testid="unlock-submit"]');
    await page.locator('[data-testid="lock-screen"]').waitFor({ state: 'detached' });
    await expect.poll(() => text(page.locator('[data-testid="trail-table"]')), POLL).toContain('auth.login');
  }, T);
});
