// The 政府信息公开 专栏 of a unit's site in Debian's chromium: its five sections reached by the
// site's own links, a record page printed on portrait A4 and a catalog table on landscape
// (page size read from page.pdf), a feed opened in the browser rendered as a page through its
// XSLT stylesheet, and axe-core with no serious or critical violation on the new pages.
//
//   node zhuanlan.mjs http://127.0.0.1:PORT
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
const check = (ok, msg) => { checked++; if (!ok) fail(msg); };

const ctx = await browser.newContext({ locale: 'zh-CN' });
const page = await ctx.newPage();
const go = async (selector) => {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return page.content();
};

// From the unit's home into the 专栏, then each of its five sections by the page's own links.
await page.goto(base + '/610112/');
let html = await go('main a[href="/610112/xxgk/"]');
check(page.url() === base + '/610112/xxgk/', `column link leads to ${page.url()}`);
const sections = await page.$$eval('main section h2', (hs) => hs.map((h) => h.textContent.trim()));
check(JSON.stringify(sections) === JSON.stringify(['政府信息公开指南', '政府信息公开制度', '法定主动公开内容', '政府信息公开年报', '依申请公开']),
  `sections: ${sections.join(' / ')}`);
check(html.includes('<a href="/610112/">未央区</a> › 政府信息公开'), 'column breadcrumbs');
const column = page.url();

// 1. 政府信息公开指南: a published record, with the column in its breadcrumbs.
html = await go('#guide a[href^="/610112/records/"]');
check(/<h1>[^<]*政府信息公开指南/.test(html), `guide page: ${page.url()}`);
check(html.includes('<a href="/610112/xxgk/#guide">政府信息公开指南</a>'), 'guide breadcrumbs');
const guide = page.url();
// 2. 政府信息公开制度.
await page.goto(column);
html = await go('#rules a[href^="/610112/records/"]');
check(/<h1>[^<]*制度/.test(html), `rules page: ${page.url()}`);
// 3. 法定主动公开内容: the standard catalogs.
await page.goto(column);
html = await go('#proactive a[href="/610112/catalog/"]');
check(html.includes('法定主动公开内容') && html.includes('/610112/catalog/shjz/'), 'catalog index from the column');
// 4. 政府信息公开年报: the 2025 report with its tables.
await page.goto(column);
const reportLink = await page.textContent('#annual a[href^="/610112/records/"]');
check(reportLink && reportLink.startsWith('2025年度'), `annual report link: ${reportLink}`);
html = await go('#annual a[href^="/610112/records/"]');
check(html.includes('三、收到和处理政府信息公开申请情况') && html.includes('<table'), 'annual report page has its tables');
check(html.includes('.xlsx'), 'annual report page offers the workbook');
check(!html.includes('>文号<'), 'annual report page shows an empty 文号 row');
const report = page.url();
// 5. 依申请公开: the request form.
await page.goto(column);
html = await go('#request a[href="/610112/requests/new"]');
check(html.includes('政府信息公开申请') && (await page.$('form[action="/610112/requests"]')) !== null, 'request form from the column');

// Print: a record on portrait A4, a catalog table on landscape A4.
async function pageSize(url) {
  await page.goto(url);
  await page.emulateMedia({ media: 'print' });
  const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
  await page.emulateMedia({ media: 'screen' });
  const m = pdf.match(/\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/);
  return m ? [parseFloat(m[1]), parseFloat(m[2])] : null;
}
for (const url of [report, guide]) {
  const size = await pageSize(url);
  check(size && Math.abs(size[0] - 595) < 3 && Math.abs(size[1] - 842) < 3, `record ${url} prints on ${size}, want portrait A4 (595×842)`);
}
const wide = await pageSize(base + '/610112/catalog/shjz/');
check(wide && Math.abs(wide[0] - 842) < 3 && Math.abs(wide[1] - 595) < 3, `catalog table prints on ${wide}, want landscape A4 (842×595)`);

// A feed opened in the browser reads as a page through feed.xsl, with the feed's entries.
await page.goto(base + '/610112/feed.atom');
const title = await page.title();
check(title.includes('最新公开信息'), `feed page title: ${title}`);
const entries = await page.$$eval('main ol li a', (as) => as.map((a) => a.getAttribute('href')));
check(entries.length > 0 && entries.every((h) => h.includes('/610112/records/')), `feed page entries: ${entries.length}`);
check((await page.textContent('main')).includes('订阅'), 'feed page explains subscribing');

// Autodiscovery and robots.txt.
await page.goto(column);
check((await page.$('link[rel="alternate"][type="application/atom+xml"][href="/610112/feed.atom"]')) !== null, 'column page lacks feed autodiscovery');
const robots = await (await page.request.get(base + '/robots.txt')).text();
check(/^Sitemap: \S+\/sitemap\.xml$/m.test(robots), `robots.txt: ${robots}`);

// Accessibility of the new pages and of the rendered feed.
const a = await browser.newContext({ locale: 'zh-CN', bypassCSP: true });
const ap = await a.newPage();
for (const url of [column, report, guide, base + '/610112/feed.atom']) {
  await ap.goto(url);
  await ap.evaluate(axeSource);
  // Chromium adds its own banner to pages made by XSLT, announcing that it will
  // stop supporting XSLT: the browser's element, not the site's, so axe leaves it out.
  if (await ap.$('xslt-warning-banner')) console.log(`note ${url.replace(base, '')}: chromium shows its XSLT deprecation banner`);
  const res = await ap.evaluate(() => window.axe.run({ exclude: [['xslt-warning-banner']] }, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }));
  checked++;
  for (const v of res.violations) {
    const line = `${url.replace(base, '')}: ${v.impact} ${v.id} — ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0].target.join(' ')})`;
    if (v.impact === 'serious' || v.impact === 'critical') fail(line); else console.log('note ' + line);
  }
}

await browser.close();
console.log(`zhuanlan: ${checked} checks, ${failures} failed`);
process.exit(failures ? 1 : 0);
