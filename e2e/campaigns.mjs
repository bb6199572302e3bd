// The supervision and request pages in Debian's chromium with JavaScript switched off, on a
// 360-pixel phone: the province office creates a campaign on its form and edits it, a unit
// files a catalog submission with an attachment and its filed catalog versions, an applicant
// applies for information; every page stays within 360 pixels and axe-core (WCAG 2.1 A and
// AA) finds no serious or critical violation on it.
//
//   node campaigns.mjs http://127.0.0.1:PORT   (E2E_PROVINCE, E2E_UNIT: login:password)
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const base = process.argv[2];
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
let failures = 0, checked = 0;
const fail = (msg) => { failures++; console.log('FAIL ' + msg); };

// Each person browses without JavaScript at a phone's width; axe runs in a second page of
// the same context (same session) with the CSP bypassed so that its script may run.
async function person(account) {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  const actx = await browser.newContext({ bypassCSP: true, locale: 'zh-CN' });
  const ap = await actx.newPage();
  if (account) {
    const [login, password] = account.split(':');
    for (const p of [page, ap]) {
      await p.goto(base + '/login');
      await p.fill('#login', login);
      await p.fill('#password', password);
      await Promise.all([p.waitForNavigation(), p.click('form[action="/login"] button')]);
    }
  }
  return { page, ap };
}

async function check(who, label) {
  const { page, ap } = who;
  const path = page.url().replace(base, '');
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  checked++;
  if (w > 362) fail(`360px: ${label} (${path}) is ${w}px wide`);
  const resp = await ap.goto(base + path);
  checked++;
  if (!resp || resp.status() !== 200) fail(`${label} ${path}: status ${resp && resp.status()}`);
  await ap.evaluate(axeSource);
  const res = await ap.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  checked++;
  for (const v of res.violations) {
    const line = `${label}: ${v.impact} ${v.id} — ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0].target.join(' ')})`;
    if (v.impact === 'serious' || v.impact === 'critical') fail(line); else console.log('note ' + line);
  }
}

async function go(who, path, label) {
  const resp = await who.page.goto(base + path);
  if (!resp || resp.status() !== 200) fail(`${label} ${path}: status ${resp && resp.status()}`);
  await check(who, label);
}

async function submit(who, selector, label, want) {
  const [resp] = await Promise.all([who.page.waitForNavigation(), who.page.click(selector)]);
  checked++;
  const html = await who.page.content();
  if (!resp || resp.status() !== 200 || (want && !html.includes(want))) fail(`${label}: ${resp && resp.status()} ${who.page.url()}`);
}

// The province office: the campaigns, the form, a new campaign, its dashboard and edit form.
const prov = await person(process.env.E2E_PROVINCE);
await go(prov, '/admin/orgs/610000/campaigns', 'campaigns');
await Promise.all([prov.page.waitForNavigation(), prov.page.click('a[href="/admin/orgs/610000/campaigns/new"]')]);
await check(prov, 'new campaign form');
const today = new Date().toISOString().slice(0, 10);
await prov.page.fill('#name', '浏览器测试试点');
await prov.page.fill('#issued_on', today);
await prov.page.fill('#units', '610112 shjz\n灞桥区 社会救助');
await prov.page.fill('#d0_phase', '准备阶段');
await prov.page.selectOption('#d0_kind', 'work_plan');
await prov.page.fill('#d0_title', '工作方案');
await prov.page.fill('#d0_due_days', '10');
await submit(prov, 'form[action="/admin/orgs/610000/campaigns"] button[type="submit"]', 'create a campaign', '浏览器测试试点');
await check(prov, 'new campaign dashboard');
await Promise.all([prov.page.waitForNavigation(), prov.page.click('a[href$="/edit"]')]);
await check(prov, 'edit campaign form');
await prov.page.fill('#d1_phase', '准备阶段');
await prov.page.fill('#d1_title', '工作方案'); // the same title twice: the rows are told apart by the error
await prov.page.fill('#d1_due_date', '2000-01-01');
await prov.page.click('form[action$="/edit"] button[type="submit"]');
checked++;
if (!(await prov.page.content()).includes('报送事项第2行·截止日期：不能早于印发日期')) fail('edit: the error does not name the row');
await check(prov, 'campaign form with errors');
await go(prov, '/admin/orgs/610000/liaisons', 'liaisons');

// The unit: files its catalog obligation with a file and a filed catalog version.
const unit = await person(process.env.E2E_UNIT);
await go(unit, '/admin/orgs/610112/campaigns', 'unit campaigns');
await Promise.all([unit.page.waitForNavigation(), unit.page.locator('main td a[href*="/campaigns/"]').filter({ hasNotText: '浏览器测试试点' }).first().click()]);
await check(unit, 'unit dashboard');
const catalogOb = unit.page.locator('main a[href*="/obligations/"]', { hasText: '标准目录' }).first();
if (await catalogOb.count()) {
  await Promise.all([unit.page.waitForNavigation(), catalogOb.click()]);
  await check(unit, 'obligation form');
  if (await unit.page.locator('input[name="files"]').count()) {
    await unit.page.fill('#summary', '目录已更新（浏览器测试）');
    const v = unit.page.locator('input[name="catalog_version"]').first();
    if (await v.count()) await v.check();
    await unit.page.setInputFiles('#files', { name: '说明.pdf', mimeType: 'application/pdf', buffer: readFileSync('../internal/attach/testdata/mixed.pdf') });
    await unit.page.check('input[name="confirm_unread"]');
    await submit(unit, 'form[action$="/submissions"] button[type="submit"]', 'file a submission', '说明.pdf');
    await check(unit, 'obligation with a submission');
  } else console.log('note: the catalog obligation takes no submission now');
} else fail('unit dashboard: no catalog obligation');

// Requests: the staff list and the annual report; an applicant applies without an account.
await go(unit, '/admin/orgs/610112/requests', 'requests');
await Promise.all([unit.page.waitForNavigation(), unit.page.locator('main td a[href*="/requests/"]').first().click()]);
await check(unit, 'request page');
await go(unit, '/admin/orgs/610112/annual-reports/2025', 'annual report');
const anon = await person('');
await go(anon, '/610112/requests/new', 'request form');
await anon.page.fill('#name', '浏览器测试申请人');
await anon.page.fill('#id_no', '610112199001011234');
await anon.page.fill('#phone', '13800138000');
await anon.page.fill('#address', '西安市未央区某路1号');
await anon.page.fill('#description', '2025年度最低生活保障资金发放情况');
await submit(anon, 'form[action="/610112/requests"] button[type="submit"]', 'apply', '610112-');
await check(anon, 'applicant status page');
await go(anon, '/pilot/', 'special topic');

await browser.close();
console.log(`campaigns: ${checked} checks, ${failures} failed`);
process.exit(failures ? 1 : 0);
