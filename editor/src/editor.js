// The 正文 editor of the record form: Tiptap over the textarea, which stays the field that is
// submitted (and the whole editor when JavaScript is off). Pasting from Word or WPS keeps
// headings, paragraphs, lists, tables and bold/italic; styles, fonts, classes and Office
// markup are dropped before the paste is parsed, and the schema admits nothing else. The
// server sanitises the body again whatever arrives.
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';

// cleanPaste strips what Word and WPS put around and inside their HTML.
export function cleanPaste(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll('style, meta, link, script, title, xml, o\\:p, w\\:sdt, v\\:shapetype, img').forEach((n) => n.remove());
  doc.querySelectorAll('*').forEach((el) => {
    for (const a of [...el.attributes]) {
      if (!['colspan', 'rowspan', 'href'].includes(a.name)) el.removeAttribute(a.name);
    }
    if (['FONT', 'SPAN'].includes(el.tagName)) el.replaceWith(...el.childNodes);
  });
  // Word's bold and italic runs are <b> and <i>; nothing else carries meaning.
  return doc.body.innerHTML.replace(/<!--[\s\S]*?-->/g, '');
}

const tools = [
  ['加粗', (e) => e.chain().focus().toggleBold().run(), (e) => e.isActive('bold')],
  ['小标题', (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), (e) => e.isActive('heading', { level: 2 })],
  ['项目列表', (e) => e.chain().focus().toggleBulletList().run(), (e) => e.isActive('bulletList')],
  ['编号列表', (e) => e.chain().focus().toggleOrderedList().run(), (e) => e.isActive('orderedList')],
  ['插入表格', (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(), () => false],
];

document.querySelectorAll('textarea[data-editor]').forEach((ta) => {
  const box = document.createElement('div');
  box.className = 'editor';
  const bar = document.createElement('div');
  bar.className = 'editor-tools';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', '正文格式');
  const area = document.createElement('div');
  box.append(bar, area);
  ta.after(box);
  ta.hidden = true;
  const label = document.querySelector(`label[for="${ta.id}"]`);
  let dirty = false; // an untouched body (e.g. just imported from Word) is submitted as it came
  const editor = new Editor({
    element: area,
    injectCSS: false,
    extensions: [
      StarterKit.configure({ code: false, codeBlock: false, strike: false, underline: false, horizontalRule: false, link: false, heading: { levels: [2, 3, 4] } }),
      TableKit.configure({ table: { resizable: false } }),
    ],
    content: ta.value,
    editorProps: {
      transformPastedHTML: cleanPaste,
      attributes: { class: 'editor-body', role: 'textbox', 'aria-multiline': 'true', 'aria-label': label ? label.textContent.trim() : '正文', id: ta.id + '-editor' },
    },
    onUpdate: ({ editor: e }) => { dirty = true; ta.value = e.getHTML(); },
  });
  if (label) label.htmlFor = ta.id + '-editor';
  const buttons = tools.map(([name, run, active]) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = name;
    b.className = 'secondary';
    b.addEventListener('click', () => run(editor));
    bar.append(b);
    return [b, active];
  });
  const mark = () => buttons.forEach(([b, active]) => b.setAttribute('aria-pressed', active(editor) ? 'true' : 'false'));
  editor.on('selectionUpdate', mark);
  editor.on('transaction', mark);
  mark();
  if (ta.form) ta.form.addEventListener('submit', () => { if (dirty) ta.value = editor.getHTML(); });
});
