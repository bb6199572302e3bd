// Commenting on a consultation and asking a question in Debian's chromium with JavaScript
// switched off, on a 360-pixel phone: the forms work as plain HTML posts, the pages do not
// scroll sideways, and axe-core finds no serious or critical violation on them.
//
//   node participation.mjs http://127.0.0.1:PORT
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

// No JavaScript, a phone's width.
const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 }, locale: 'zh-CN' });
const page = await ctx.newPage();
async function narrow(label) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  checked++;
  if (w > 362) fail(`360px: ${label} (${page.url()}) is ${w}px wide`);
}

// From the unit's home to the open consultation, by the site's own links.
await page.goto(base + '/610112/');
await Promise.all([page.waitForNavigation(), page.click('a[href="/610112/consultations/"]')]);
await narrow('consultations');
await Promise.all([page.waitForNavigation(), page.locator('main section').first().locator('a').first().click()]);
await narrow('consultation');
const html = await page.content();
checked++;
if (!/剩余 \d+ 天/.test(html)) fail('consultation page shows no countdown');
await page.fill('#text', '建议在核对办法中写明异议处理时限。（浏览器测试）');
await page.fill('#contact', 'e2e@example.cn');
await page.check('input[name="consent"]');
const [resp] = await Promise.all([page.waitForNavigation(), page.click('form[action$="/comments"] button[type="submit"]')]);
checked++;
if (!resp || resp.status() !== 200 || !(await page.content()).includes('感谢您提出意见')) fail(`comment: ${resp && resp.status()} ${page.url()}`);
await narrow('thank-you page');

// Asking a question: the status page with its tracking number.
await page.goto(base + '/610112/questions/');
await narrow('questions');
await Promise.all([page.waitForNavigation(), page.click('a[href="/610112/questions/new"]')]);
await narrow('question form');
await page.fill('#title', '浏览器测试留言');
await page.fill('#text', '请问低保年审需要哪些材料？');
await page.fill('#contact', '13812345678');
const [asked] = await Promise.all([page.waitForNavigation(), page.click('form[action="/610112/questions"] button[type="submit"]')]);
const status = await page.content();
checked++;
if (!asked || asked.status() !== 200 || !page.url().includes('/questions/status/') || !status.includes('610112-') || !status.includes('已受理')) {
  fail(`ask: ${asked && asked.status()} ${page.url()}`);
}
await narrow('status page');
const statusURL = page.url();

// Accessibility of the new page types.
const a = await browser.newContext({ locale: 'zh-CN', bypassCSP: true });
const ap = await a.newPage();
for (const path of ['/610112/consultations/', '/610112/questions/', '/610112/questions/new', statusURL.replace(base, '')]) {
  await ap.goto(base + path);
  await ap.evaluate(axeSource);
  const res = await ap.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  checked++;
  for (const v of res.violations) {
    const line = `${path}: ${v.impact} ${v.id} — ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0].target.join(' ')})`;
    if (v.impact === 'serious' || v.impact === 'critical') fail(line); else console.log('note ' + line);
  }
}

await browser.close();
console.log(`participation: ${checked} checks, ${failures} failed`);
process.exit(failures ? 1 : 0);
