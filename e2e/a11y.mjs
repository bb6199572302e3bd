// Walks gongkai's page types in Debian's chromium and checks them with axe-core (WCAG 2.1 A
// and AA): no serious or critical violation is allowed. Also checks keyboard focus, the
// 360-pixel phone layout and that search works without JavaScript.
//
//   node a11y.mjs http://127.0.0.1:PORT   (E2E_LOGIN / E2E_PASSWORD: a staff account)
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const base = process.argv[2];
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const browser = await chromium.launch({
  executablePath,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
let failures = 0, checked = 0;
const fail = (msg) => { failures++; console.log('FAIL ' + msg); };

async function axe(page, label) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  checked++;
  for (const v of res.violations) {
    const line = `${label}: ${v.impact} ${v.id} — ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0].target.join(' ')})`;
    if (v.impact === 'serious' || v.impact === 'critical') fail(line); else console.log('note ' + line);
  }
}

const ctx = await browser.newContext({ bypassCSP: true, locale: 'zh-CN' });
const page = await ctx.newPage();
async function visit(path, label, want = 200) {
  const resp = await page.goto(base + path);
  if (!resp || resp.status() !== want) fail(`${label} ${path}: status ${resp && resp.status()}`);
  await axe(page, label);
}
async function firstHref(selector) {
  const h = await page.locator(selector).first().getAttribute('href');
  if (!h) throw new Error('no link for ' + selector);
  return h;
}

// Public page types, found by following the site's own links.
await visit('/', 'portal home');
const unit = await firstHref('.cards a');
await visit(unit, 'unit home');
await visit(unit + 'catalog/', 'catalog index');
const table = await firstHref('.cards li:has-text("起施行") a');
await visit(table, 'catalog table');
const entry = await firstHref('td.records a[href*="/entries/"]');
const record = await firstHref('td.records a[href*="/records/"]');
await visit(entry, 'entry page');
await visit(record, 'record page');
await visit('/search?q=' + encodeURIComponent('低保'), 'search results');
await visit('/pilot/', 'special topic');
const pilot = await firstHref('main a[href^="/pilot/"]');
await visit(pilot, 'special topic of a campaign');
await visit('/login', 'sign-in page');
await visit('/no-such-page/x', 'not found', 404);
await visit('/settings/text?size=large&back=' + encodeURIComponent(record), 'large text');
await page.goto(base + '/settings/text?size=normal&back=/');

// Keyboard: the first Tab reaches the skip link, visibly.
await page.goto(base + '/');
await page.keyboard.press('Tab');
const focus = await page.evaluate(() => {
  const el = document.activeElement; const cs = getComputedStyle(el);
  return { href: el.getAttribute('href'), outline: cs.outlineStyle + ' ' + cs.outlineWidth, left: el.getBoundingClientRect().left };
});
if (focus.href !== '#main' || focus.outline.startsWith('none') || focus.left < 0) fail('keyboard: first Tab should show the skip link, got ' + JSON.stringify(focus));

// A 360-pixel phone: no page scrolls sideways.
const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, bypassCSP: true });
const pp = await phone.newPage();
for (const path of ['/', unit, table, entry, record, '/search?q=' + encodeURIComponent('低保'), '/pilot/', pilot]) {
  await pp.goto(base + path);
  const w = await pp.evaluate(() => document.documentElement.scrollWidth);
  checked++;
  if (w > 362) fail(`360px: ${path} is ${w}px wide`);
}

// Without JavaScript the search form still works.
const nojs = await browser.newContext({ javaScriptEnabled: false });
const np = await nojs.newPage();
await np.goto(base + '/search');
await np.fill('#q', '低保');
await Promise.all([np.waitForNavigation(), np.press('#q', 'Enter')]);
if (!(await np.content()).includes('<mark>')) fail('search without JavaScript found nothing');
checked++;

// Staff pages, signed in.
if (process.env.E2E_LOGIN) {
  await page.goto(base + '/login');
  await page.fill('#login', process.env.E2E_LOGIN);
  await page.fill('#password', process.env.E2E_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button')]);
  await axe(page, 'admin home');
  const org = new URL(page.url()).pathname;
  await visit(org + 'records', 'work queue');
  await visit(org + 'catalogs', 'catalogs admin');
  await visit(org + 'calendar', 'calendar');
  await visit(org + 'campaigns', 'campaigns');
  const dashboard = await firstHref('main td a[href*="/campaigns/"]');
  await visit(dashboard, 'campaign dashboard');
  const obligation = await firstHref('main td a[href*="/obligations/"]');
  await visit(obligation, 'obligation page');
  await visit(org + 'liaisons', 'liaisons');
  await visit('/admin/notifications', 'notifications');
}

await browser.close();
console.log(`a11y: ${checked} checks, ${failures} failed`);
process.exit(failures ? 1 : 0);
