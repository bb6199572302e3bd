// The staff's daily work in Debian's chromium: importing a .docx into the 正文, the reviewer's
// 待办 on the landing page, a history entry read as a Chinese sentence, choosing an
// interpretation's policy and a policy's repealed document and the confirm page before
// deleting a draft with JavaScript switched off, pasting from Word (paragraphs, a table, a
// nested list, an image uploaded as the record's attachment) and publishing it, staff tables at 360 pixels without sideways scrolling (also in 大字版), and
// axe-core (WCAG 2.1 A and AA) with no serious or critical violation on the new pages.
//
//   E2E_ACCOUNTS='{"editor@610112":"…","reviewer@610112":"…","admin@610112":"…"}' E2E_DOCX=/path/x.docx \
//   node staffux.mjs http://127.0.0.1:PORT
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const base = process.argv[2];
const accounts = JSON.parse(process.env.E2E_ACCOUNTS || '{}');
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

async function axe(page, label) {
  const t0 = Date.now();
  await page.evaluate(axeSource);
  const res = await Promise.race([
    page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] })),
    new Promise((resolve) => setTimeout(() => resolve(null), 120e3)),
  ]);
  checked++;
  if (!res) { fail(`${label}: axe-core did not finish in 120 s`); return; }
  console.log(`axe ${label}: ${res.violations.length} violations, ${Date.now() - t0} ms`);
  for (const v of res.violations) {
    const line = `${label}: ${v.impact} ${v.id} — ${v.help} (${v.nodes.length}× e.g. ${v.nodes[0].target.join(' ')})`;
    if (v.impact === 'serious' || v.impact === 'critical') fail(line); else console.log('note ' + line);
  }
}

// axeHTML checks a page seen without JavaScript: its HTML is loaded into a page that runs
// scripts, at the site's address so that the stylesheet applies.
let scratch = null;
async function axeHTML(html, label) {
  if (!scratch) {
    scratch = await (await browser.newContext({ locale: 'zh-CN', bypassCSP: true })).newPage();
    await scratch.goto(base + '/healthz');
  }
  await scratch.setContent(html, { waitUntil: 'load' });
  await axe(scratch, label);
}

async function signIn(options, login) {
  const ctx = await browser.newContext({ locale: 'zh-CN', bypassCSP: true, ...options });
  const page = await ctx.newPage();
  await page.goto(base + '/login');
  await page.fill('#login', login);
  await page.fill('#password', accounts[login]);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button')]);
  return page;
}

const submitAndWait = (page, selector) => Promise.all([page.waitForNavigation(), page.click(selector)]).then(([r]) => r);
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10); // China

// 1. The clerk imports a Word document into a new record and submits it for review.
const editor = await signIn({ viewport: { width: 1280, height: 900 } }, 'editor@610112');
const org = new URL(editor.url()).pathname; // the unit's 概况 page
await editor.goto(base + org + 'records/new');
await editor.setInputFiles('#docx', process.env.E2E_DOCX);
let resp = await submitAndWait(editor, 'form.word-import button[type="submit"]');
check(resp && resp.status() === 200, `docx import: ${resp && resp.status()}`);
const title = await editor.inputValue('#title');
const body = await editor.inputValue('#body_html');
check(title === '关于2027年城乡低保标准的公告（浏览器测试）', `docx title: ${title}`);
check(body.includes('<strong>自2027年1月1日起</strong>') && body.includes('<table><thead><tr><th>类别</th>') && !body.includes('仿宋'),
  `docx body: ${body}`);
check((await editor.content()).includes('未发现身份证号'), 'the personal-information guard did not report on the import');
await axe(editor, 'record form after import');
await editor.selectOption('#entry', { index: 1 });
await editor.fill('#formed_on', today);
resp = await submitAndWait(editor, 'form[action$="/records"] > button[type="submit"]');
check(resp && resp.status() === 200 && /\/records\/\d+/.test(editor.url()), `save imported: ${resp && resp.status()} ${editor.url()}`);
const recordURL = new URL(editor.url()).pathname;
const published = await editor.locator('.body.preview').innerHTML();
check(published.includes('<th>类别</th>') && published.includes('<td data-label="类别">城市</td>') && published.includes('<p>具体标准如下表。</p>'), `saved body: ${published}`);
resp = await submitAndWait(editor, 'form.action-form:has(input[value="submit"]) button');
check(resp && resp.status() === 200, `submit: ${resp && resp.status()}`);

// 2. A history entry reads as a Chinese sentence, the raw detail behind 详情.
const history = await editor.locator('.history-log li').allInnerTexts();
check(history.some((l) => /于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} 提交保密审查/.test(l)), `history: ${history.join(' | ')}`);
check(!history.join('').includes('record.submit'), 'history shows action codes');
await axe(editor, 'record page with history');

// 3. The reviewer lands on the 概况 page, which lists the record waiting for review.
const reviewer = await signIn({ viewport: { width: 1280, height: 900 } }, 'reviewer@610112');
const todo = await reviewer.locator('section.todo').innerText().catch(() => '');
check(todo.includes('待保密审查') && todo.includes(title), `reviewer's landing page: ${todo.slice(0, 300)}`);
check(/（待办\d+）/.test(await reviewer.locator('nav.tabs').innerText()), 'no to-do count in the navigation');
await axe(reviewer, 'reviewer landing page');
await reviewer.click(`section.todo a[href="${recordURL}"]`);
check(reviewer.url().endsWith(recordURL), 'the to-do link does not open the record');

// 4. Without JavaScript: choose an interpretation's policy, then delete the draft through
// the confirm page.
const nojs = await signIn({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } }, 'editor@610112');
await nojs.goto(base + org + 'records/new');
await nojs.selectOption('#entry', { index: 1 });
await nojs.selectOption('#kind', 'interpretation');
await nojs.fill('#title', '临时救助实施办法解读（浏览器测试）');
await nojs.fill('#formed_on', today);
await nojs.fill('#body_html', '第一段解读。\n第二段解读。');
resp = await submitAndWait(nojs, 'button[name="choose"][value="policy_id"]');
check(resp && resp.status() === 200 && (await nojs.locator('h1').innerText()) === '选择政策文件', 'no chooser page');
await nojs.fill('#q', '临时救助');
await submitAndWait(nojs, 'form.chooser-search button[type="submit"]');
const option = nojs.locator('form.chooser-results label.choice', { hasText: '未央区临时救助实施办法' }).first();
check(await option.count() === 1, 'the policy is not among the results');
await option.locator('input').check();
await axeHTML(await nojs.content(), 'chooser page');
await submitAndWait(nojs, 'form.chooser-results button[type="submit"]');
const chosen = await nojs.locator('#policy_id-chosen').innerText();
check(chosen.includes('未央区临时救助实施办法'), `back on the form: ${chosen}`);
check(await nojs.inputValue('#title') === '临时救助实施办法解读（浏览器测试）', 'the title was lost on the way');
resp = await submitAndWait(nojs, 'form[action$="/records"] > button[type="submit"]');
check(resp && resp.status() === 200 && /\/records\/\d+/.test(nojs.url()), `save interpretation: ${resp && resp.status()}`);
const paragraphs = await nojs.locator('.body.preview p').allInnerTexts();
check(paragraphs.length === 2 && paragraphs[1] === '第二段解读。', `plain text paragraphs: ${paragraphs}`);
const draftURL = new URL(nojs.url()).pathname;

// 4b. Without JavaScript: a policy document chooses the document it repeals from the search
// page, which offers the unit's published policies and returns to the form.
await nojs.goto(base + org + 'records/new');
await nojs.selectOption('#entry', { index: 1 });
await nojs.selectOption('#kind', 'policy');
await nojs.fill('#title', '未央区临时救助实施办法（修订）（浏览器测试）');
await nojs.fill('#formed_on', today);
await nojs.fill('#body_html', '修订后的办法全文。');
resp = await submitAndWait(nojs, 'button[name="choose"][value="repeals"]');
check(resp && resp.status() === 200 && (await nojs.locator('h1').innerText()) === '选择被废止的政策文件', 'no chooser page for 废止');
await nojs.fill('#q', '临时救助');
await submitAndWait(nojs, 'form.chooser-search button[type="submit"]');
const repealed = nojs.locator('form.chooser-results label.choice', { hasText: '未央区临时救助实施办法' }).first();
check(await repealed.count() === 1, 'the published policy is not offered for repeal');
await repealed.locator('input[type="checkbox"]').check();
await axeHTML(await nojs.content(), 'chooser page (several records)');
await submitAndWait(nojs, 'form.chooser-results button[type="submit"]');
const repealsChosen = await nojs.locator('#repeals-chosen').innerText();
check(repealsChosen.includes('未央区临时救助实施办法') && await nojs.locator('#repeals-chosen input[type="checkbox"]:checked').count() === 1, `back on the form: ${repealsChosen}`);
check(await nojs.inputValue('#title') === '未央区临时救助实施办法（修订）（浏览器测试）', 'the title was lost on the way to the 废止 chooser');
resp = await submitAndWait(nojs, 'form[action$="/records"] > button[type="submit"]');
check(resp && resp.status() === 200 && /\/records\/\d+/.test(nojs.url()), `save policy with 废止: ${resp && resp.status()} ${await nojs.locator('main').innerText().catch(() => '')}`);
const repealURL = new URL(nojs.url()).pathname;
await nojs.goto(base + repealURL + '/edit');
check((await nojs.locator('#repeals-chosen').innerText()).includes('未央区临时救助实施办法'), 'the saved policy does not name the document it repeals');
// With JavaScript, several are chosen by typing.
await editor.goto(base + repealURL + '/edit');
await editor.fill('#repeals-search', '临时救助');
await editor.waitForSelector('#repeals-list li[role="option"]:not([aria-disabled])', { timeout: 10000 }).catch(() => {});
check(await editor.locator('#repeals-list li[role="option"]:not([aria-disabled])').count() >= 1, 'search-as-you-type offers nothing for 废止');
await editor.locator('#repeals-list li[role="option"]').first().dispatchEvent('mousedown');
check(await editor.locator('#repeals-chosen input[type="checkbox"]:checked').count() === 1, 'choosing the same document twice by typing lists it twice');
await nojs.goto(base + draftURL); // back to the interpretation, to delete it below
resp = await submitAndWait(nojs, 'form.action-form:has(input[value="discard"]) button');
check(resp && resp.status() === 200 && (await nojs.locator('h1').innerText()) === '确认删除草稿', 'no confirm page before deleting the draft');
await axeHTML(await nojs.content(), 'confirm page');
const still = await nojs.context().request.get(base + draftURL);
check(still.status() === 200, 'the draft went before confirmation');
resp = await submitAndWait(nojs, 'form.confirm-form button[type="submit"]');
check((await nojs.content()).includes('草稿已删除'), 'confirmed deletion');
check((await nojs.context().request.get(base + draftURL)).status() === 404, 'the draft is still there');

// 5. Staff tables at 360 pixels: cards, no sideways scrolling; also in 大字版.
const phone = await signIn({ viewport: { width: 360, height: 740 } }, 'admin@610112');
const adminOrg = new URL(phone.url()).pathname;
const pages = ['', 'records', 'records?state=published', 'audit', 'people', 'catalogs', 'catalogs/shjz', 'duties', 'requests', 'participation', 'calendar'];
for (const large of [false, true]) {
  if (large) await phone.goto(base + '/settings/text?size=large&back=' + encodeURIComponent(adminOrg));
  for (const p of pages) {
    const r = await phone.goto(base + adminOrg + p);
    const w = await phone.evaluate(() => document.documentElement.scrollWidth);
    check(r.status() === 200 && w <= 362, `360px${large ? ' 大字版' : ''}: ${p || '概况'} is ${w}px wide (${r.status()})`);
  }
  if (large) {
    const size = await phone.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    check(size >= 24, `大字版 base size ${size}px, want at least 24px (1.5×16)`);
  }
}
await phone.goto(base + adminOrg + 'audit');
const cards = await phone.evaluate(() => {
  const row = document.querySelector('table[data-cards] tbody tr');
  const cell = row && row.querySelector('td[data-label]');
  return row ? { display: getComputedStyle(row).display, label: cell && getComputedStyle(cell, '::before').content } : null;
});
check(cards && cards.display === 'block' && /编号|记录/.test(cards.label || ''), `audit rows as cards: ${JSON.stringify(cards)}`);
// Every scroll box that remains can be reached by the keyboard.
const unreachable = await phone.evaluate(() => [...document.querySelectorAll('main *')].filter((el) =>
  el.scrollWidth > el.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX) && el.tabIndex < 0 &&
  !el.querySelector('a, button, input, select, textarea, [tabindex]')).length);
check(unreachable === 0, `${unreachable} scroll boxes the keyboard cannot reach`);
await axe(phone, 'audit log at 360px, 大字版');
await phone.goto(base + adminOrg + 'audit?action=record.submit');
const sentence = await phone.locator('table.audit tbody tr').first().innerText();
check(/于 \d{4}-\d{2}-\d{2}.*提交保密审查/.test(sentence), `audit filtered by action: ${sentence}`);

// 6. The editor: a fragment pasted from Word keeps its paragraphs, bold and table, loses its
// styles and fonts, and is published so.
const wordHTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator content="Microsoft Word 15"><style>p.MsoNormal{font-family:仿宋_GB2312}</style></head><body lang=ZH-CN>
<!--StartFragment--><p class=MsoNormal style='text-indent:32.0pt'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>第一段：根据有关规定，现予公示。<o:p></o:p></span></p>
<p class=MsoNormal><b><span style='font-family:黑体'>第二段加粗</span></b><span style='font-family:仿宋_GB2312'>，公示期5个工作日。</span></p>
<table class=MsoTableGrid border=1 cellspacing=0 style='border-collapse:collapse;border:none'><tr><td width=200 style='width:150pt;border:solid windowtext 1.0pt'><p class=MsoNormal><span style='font-family:仿宋_GB2312'>项目</span></p></td><td style='border:solid windowtext 1.0pt'><p class=MsoNormal><span>金额</span></p></td></tr>
<tr><td style='border:solid windowtext 1.0pt'><p class=MsoNormal><span>救助金</span></p></td><td><p class=MsoNormal><span lang=EN-US>860</span><span>元</span></p></td></tr></table><!--EndFragment--></body></html>`;
await editor.goto(base + org + 'records/new');
await editor.waitForSelector('.editor-body');
check(await editor.locator('#body_html').isHidden(), 'the editor does not replace the textarea');
await editor.selectOption('#entry', { index: 1 });
await editor.fill('#title', '救助金发放公示（粘贴测试）');
await editor.fill('#formed_on', today);
await editor.locator('.editor-body').click();
await editor.evaluate((html) => {
  const el = document.querySelector('.editor-body');
  const dt = new DataTransfer();
  dt.setData('text/html', html);
  dt.setData('text/plain', '第一段');
  el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
}, wordHTML);
const pasted = await editor.inputValue('#body_html');
check(pasted.includes('<strong>第二段加粗</strong>') && pasted.includes('<table') && !/Mso|仿宋|font-family|text-indent/.test(pasted), `pasted: ${pasted}`);
await submitAndWait(editor, 'form[action$="/records"] > button[type="submit"]');
const pastedURL = new URL(editor.url()).pathname;
check(/\/records\/\d+$/.test(pastedURL), `save pasted: ${editor.url()}`);

// 7. On the saved draft, a fragment from Word with a two-level numbered list and an image:
// the list keeps its levels, the image is uploaded as an attachment of the record.
const pixel = 'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGOQi1pAEmIY1TCqYfhqAABaJBgQW+XgqwAAAABJRU5ErkJggg==';
const listHTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><body lang=ZH-CN><!--StartFragment-->
<p class=MsoListParagraphCxSpFirst style='margin-left:18pt;text-indent:-18pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:仿宋_GB2312'><span style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]><span style='font-family:仿宋_GB2312'>申请条件<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:36pt;text-indent:-18pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>(1)<span style='font:7.0pt "Times New Roman"'>&nbsp; </span></span><![endif]><span>户籍在本区<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpMiddle style='margin-left:36pt;text-indent:-18pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>(2)<span>&nbsp; </span></span><![endif]><span>收入低于标准<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='margin-left:18pt;text-indent:-18pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-list:Ignore'>2.<span>&nbsp; </span></span><![endif]><span>办理材料<o:p></o:p></span></p>
<p class=MsoNormal>办理流程图：<img width=16 height=16 src="data:image/png;base64,${pixel}" alt="办理流程图" v:shapes="_x0000_i1025"><img src="https://example.org/remote.png"></p>
<!--EndFragment--></body></html>`;
await editor.goto(base + pastedURL + '/edit');
await editor.waitForSelector('.editor-body');
await editor.locator('.editor-body').click();
await editor.keyboard.press('Control+Home'); // before the first paragraph (the body ends with a table)
await editor.evaluate((html) => {
  const el = document.querySelector('.editor-body');
  const dt = new DataTransfer();
  dt.setData('text/html', html);
  dt.setData('text/plain', '申请条件');
  el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
}, listHTML);
await editor.waitForFunction(() => /已作为附件|失败/.test(document.querySelector('.editor-status').textContent), null, { timeout: 20000 }).catch(() => {});
const imgStatus = await editor.locator('.editor-status').innerText();
const withImage = await editor.inputValue('#body_html');
const imgSrc = (withImage.match(/<img src="(\/610112\/records\/\d+\/files\/[0-9a-f]{64})"/) || [])[1];
check(imgSrc && pastedURL.endsWith('/records/' + imgSrc.split('/')[3]), `pasted image: ${imgStatus} ${withImage}`);
check(!withImage.includes('data:') && !withImage.includes('example.org'), `inline or remote image kept: ${withImage}`);
check(/<ol[^>]*><li><p>申请条件<\/p><ol[^>]*><li><p>户籍在本区<\/p><\/li><li><p>收入低于标准<\/p><\/li><\/ol><\/li><li><p>办理材料<\/p><\/li><\/ol>/.test(withImage), `nested list: ${withImage}`);
check(await editor.waitForFunction(() => { const i = document.querySelector('.editor-body img'); return !!i && i.complete && i.naturalWidth === 16 && !i.src.startsWith('data:'); }, null, { timeout: 10000 }).then(() => true, () => false),
  'the editor does not show the uploaded image from the staff route');
await axe(editor, 'record form with a pasted image');
await submitAndWait(editor, 'form[action$="/edit"] > button[type="submit"]');
check((await editor.locator('.body.preview ol ol li').count()) === 2, 'the saved draft lost the nested list');
await submitAndWait(editor, 'form.action-form:has(input[value="submit"]) button');
await reviewer.goto(base + pastedURL);
// An image is a file the guard cannot read: the reviewer looks at it first.
const looked = reviewer.locator('form.action-form:has(input[value="confirm_no_pii"])').first();
check(await looked.count() === 1, 'no confirmation offered for the pasted image');
await looked.locator('input[name="looked"]').check();
await Promise.all([reviewer.waitForNavigation(), looked.locator('button').click()]);
await submitAndWait(reviewer, 'form.action-form:has(input[value="review_pass"]) button');
const approver = await signIn({ viewport: { width: 1280, height: 900 } }, 'approver@610112');
await approver.goto(base + pastedURL);
await submitAndWait(approver, 'form.action-form:has(input[value="approve"]) button');
const publicURL = pastedURL.replace(/^\/admin\/orgs\/([^/]+)\/records\//, '/$1/records/');
const pub = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
const pr = await pub.goto(base + publicURL);
const pubBody = await pub.evaluate(() => {
  const b = document.querySelector('.record .body') || document.querySelector('main');
  return { ps: [...b.querySelectorAll('p')].map((p) => p.textContent), cells: [...b.querySelectorAll('table td, table th')].map((c) => c.textContent.trim()), strong: [...b.querySelectorAll('strong')].map((x) => x.textContent), html: b.innerHTML };
});
check(pr.status() === 200, `public page: ${pr.status()} ${publicURL}`);
check(pubBody.ps.some((p) => p.includes('第一段：根据有关规定')) && pubBody.ps.some((p) => p.includes('公示期5个工作日')), `public paragraphs: ${pubBody.ps}`);
check(pubBody.cells.includes('救助金') && pubBody.cells.includes('860元'), `public table: ${pubBody.cells}`);
check(pubBody.strong.includes('第二段加粗') && !/仿宋|font-family|Mso/.test(pubBody.html), `public formatting: ${pubBody.html.slice(0, 400)}`);
const pubExtra = await pub.evaluate(() => {
  const b = document.querySelector('.record .body') || document.querySelector('main');
  const img = b.querySelector('img');
  return { nested: [...b.querySelectorAll('ol ol > li')].map((li) => li.textContent.trim()), top: [...b.querySelectorAll('ol > li > p')].filter((p) => !p.parentElement.parentElement.closest('li')).map((p) => p.textContent.trim()),
    img: img && { src: img.getAttribute('src'), alt: img.alt, loaded: img.complete && img.naturalWidth === 16 } };
});
check(pubExtra.nested.join('|') === '户籍在本区|收入低于标准' && pubExtra.top.join('|') === '申请条件|办理材料', `public nested list: ${JSON.stringify(pubExtra)}`);
check(pubExtra.img && pubExtra.img.src === imgSrc && pubExtra.img.alt === '办理流程图' && pubExtra.img.loaded, `public image: ${JSON.stringify(pubExtra.img)}`);
const imgResp = await pub.context().request.get(base + imgSrc);
check(imgResp.status() === 200 && imgResp.headers()['content-type'] === 'image/png', `public image file: ${imgResp.status()}`);
await axe(pub, 'public record with an image and a nested list');

await browser.close();
console.log(`staffux: ${checked} checks, ${failures} failed`);
process.exit(failures ? 1 : 0);
