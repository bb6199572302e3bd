// The 正文 editor of the record form: Tiptap over the textarea, which stays the field that is
// submitted (and the whole editor when JavaScript is off). Pasting from Word or WPS keeps
// headings, paragraphs, lists (nested ones too, also Word's numbered paragraphs), tables,
// bold/italic and images; styles, fonts, classes and Office markup are dropped before the
// paste is parsed, and the schema admits nothing else. The server sanitises the body again
// whatever arrives.
//
// Images: a pasted or dropped image (a file from the clipboard, or a data: image inside the
// pasted HTML) is shown at once and uploaded to the record's attachments (the textarea's
// data-upload route); its <img> then points at the attachment's public address (data-files +
// SHA-256), which the server's sanitizer is the only one it lets through. The editor shows
// those from the staff's file route (data-files-staff), since a draft's files are not public.
// A record not yet saved has no attachments: its form has no data-upload, and images are left
// out with a message to save the draft first. Images the browser cannot read (Word's
// file:/// pictures, remote addresses) are left out with a message as well.
import { Editor, Node as TiptapNode } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { TableKit } from '@tiptap/extension-table';

// isIgnoredMarker tells Word's list marker run (style mso-list:Ignore): "1." or "·" typed by
// Word in front of a list paragraph, which the list element numbers or bullets itself.
const isIgnoredMarker = (el) => /mso-list:\s*ignore/i.test(el.getAttribute('style') || '');

// wordLists turns Word's list paragraphs (<p style="mso-list:l0 level2 lfo1">) into nested
// <ul>/<ol>: each run of consecutive list paragraphs becomes one list, levels nest in the
// item before, and a marker that is a number or letter makes the list an ordered one.
function wordLists(doc) {
  const listLevel = (p) => {
    const m = /mso-list:\s*l\d+\s+level(\d+)/i.exec(p.getAttribute('style') || '');
    return m ? Number(m[1]) : 0;
  };
  const paras = [...doc.querySelectorAll('p')].filter((p) => listLevel(p) > 0);
  const done = new Set();
  for (const first of paras) {
    if (done.has(first)) continue;
    const run = [first];
    for (let n = first.nextElementSibling; n && n.tagName === 'P' && listLevel(n) > 0; n = n.nextElementSibling) run.push(n);
    const holder = doc.createElement('div');
    first.before(holder);
    const stack = []; // {level, list}
    for (const p of run) {
      done.add(p);
      const level = listLevel(p);
      const markers = [...p.querySelectorAll('span')].filter(isIgnoredMarker);
      const marker = markers.map((m) => m.textContent).join('').replace(/\u00a0/g, ' ').trim();
      markers.forEach((m) => m.remove());
      const ordered = /^[(（]?([0-9０-９]+|[a-zA-Z]|[ivxlcIVXLC]+|[一二三四五六七八九十]+)[.．、)）]/.test(marker);
      while (stack.length && stack[stack.length - 1].level > level) stack.pop();
      if (!stack.length || stack[stack.length - 1].level < level) {
        const list = doc.createElement(ordered ? 'ol' : 'ul');
        if (stack.length) {
          const parent = stack[stack.length - 1].list;
          (parent.lastElementChild || parent).append(list);
        } else {
          holder.append(list);
        }
        stack.push({ level, list });
      }
      const li = doc.createElement('li');
      const para = doc.createElement('p');
      para.append(...p.childNodes);
      li.append(para);
      stack[stack.length - 1].list.append(li);
      p.remove();
    }
    holder.replaceWith(...holder.childNodes);
  }
}

// cleanPaste strips what Word and WPS put around and inside their HTML. keepImage(src) says
// which images may stay (to be uploaded, or already the record's own); it reports how many
// others were left out.
export function cleanPaste(html, keepImage) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll('style, meta, link, script, title, xml, o\\:p, w\\:sdt, v\\:shapetype, v\\:shape, v\\:imagedata').forEach((n) => n.remove());
  wordLists(doc);
  let dropped = 0;
  doc.querySelectorAll('img').forEach((img) => {
    let src = img.getAttribute('src') || '';
    if (src.startsWith(location.origin + '/')) src = src.slice(location.origin.length);
    if (keepImage(src)) img.setAttribute('src', src);
    else { img.remove(); dropped++; }
  });
  doc.querySelectorAll('*').forEach((el) => {
    for (const a of [...el.attributes]) {
      if (!['colspan', 'rowspan', 'href', 'src', 'alt'].includes(a.name)) el.removeAttribute(a.name);
    }
    if (['FONT', 'SPAN'].includes(el.tagName)) el.replaceWith(...el.childNodes);
  });
  // Word's bold and italic runs are <b> and <i>; nothing else carries meaning.
  return { html: doc.body.innerHTML.replace(/<!--[\s\S]*?-->/g, ''), dropped };
}

// bodyImage is the image node: inline, as Word places pictures in a paragraph, with src and
// alt only. It is written with its stored (public) src and shown through show(src).
const bodyImage = (show) => TiptapNode.create({
  name: 'image',
  inline: true,
  group: 'inline',
  draggable: true,
  atom: true,
  addAttributes() {
    return { src: { default: null }, alt: { default: '正文图片' } };
  },
  parseHTML() {
    return [{ tag: 'img[src]' }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['img', HTMLAttributes];
  },
  addNodeView() {
    return ({ node }) => {
      const img = document.createElement('img');
      img.src = show(node.attrs.src || '');
      img.alt = node.attrs.alt || '正文图片';
      return { dom: img };
    };
  },
});

const tools = [
  ['加粗', (e) => e.chain().focus().toggleBold().run(), (e) => e.isActive('bold')],
  ['小标题', (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), (e) => e.isActive('heading', { level: 2 })],
  ['项目列表', (e) => e.chain().focus().toggleBulletList().run(), (e) => e.isActive('bulletList')],
  ['编号列表', (e) => e.chain().focus().toggleOrderedList().run(), (e) => e.isActive('orderedList')],
  ['降为下级', (e) => e.chain().focus().sinkListItem('listItem').run(), () => false],
  ['升为上级', (e) => e.chain().focus().liftListItem('listItem').run(), () => false],
  ['插入表格', (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(), () => false],
];

const extOf = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

// dataBlob decodes a data: image (CSP keeps fetch from reading data: addresses).
function dataBlob(uri) {
  const m = /^data:(image\/[a-z0-9+.-]+);base64,([\s\S]*)$/i.exec(uri);
  if (!m) return null;
  const bin = atob(m[2].replace(/\s/g, ''));
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: m[1].toLowerCase() });
}

function errorText(d) {
  const e = d && d.error;
  if (!e) return '图片上传失败';
  const fields = (e.fields || []).map((f) => f.message).join('；');
  return e.message + (fields ? '：' + fields : '');
}

document.querySelectorAll('textarea[data-editor]').forEach((ta) => {
  const upload = ta.dataset.upload || '';
  const files = ta.dataset.files || '';
  const staff = ta.dataset.filesStaff || '';
  const box = document.createElement('div');
  box.className = 'editor';
  const bar = document.createElement('div');
  bar.className = 'editor-tools';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', '正文格式');
  const area = document.createElement('div');
  const status = document.createElement('p');
  status.className = 'editor-status muted';
  status.setAttribute('role', 'status');
  box.append(bar, area, status);
  ta.after(box);
  ta.hidden = true;
  const say = (msg) => { status.textContent = msg; };
  const label = document.querySelector(`label[for="${ta.id}"]`);
  let dirty = false; // an untouched body (e.g. just imported from Word) is submitted as it came
  const own = (src) => files !== '' && src.startsWith(files) && /^[0-9a-f]{64}$/.test(src.slice(files.length));
  const keepImage = (src) => upload !== '' && (/^data:image\/(png|jpeg|gif|webp);base64,/i.test(src) || own(src));
  const show = (src) => (own(src) && staff ? staff + src.slice(files.length) : src);
  const pending = new Set(); // data: sources being uploaded
  let editor = null;

  // replaceSrc points every image with src from at to (or removes them when to is empty).
  const replaceSrc = (from, to) => {
    const found = [];
    editor.state.doc.descendants((node, pos) => {
      if (node.type.name === 'image' && node.attrs.src === from) found.push([pos, node]);
    });
    if (!found.length) return;
    let tr = editor.state.tr;
    for (const [pos, node] of found.reverse()) {
      tr = to ? tr.setNodeMarkup(pos, undefined, { ...node.attrs, src: to }) : tr.delete(pos, pos + node.nodeSize);
    }
    editor.view.dispatch(tr);
  };

  // uploadImages uploads every data: image of the body not yet on its way.
  const uploadImages = () => {
    const srcs = new Set();
    editor.state.doc.descendants((node) => {
      if (node.type.name === 'image' && (node.attrs.src || '').startsWith('data:') && !pending.has(node.attrs.src)) srcs.add(node.attrs.src);
    });
    for (const src of srcs) {
      const blob = dataBlob(src);
      if (!upload || !blob || !extOf[blob.type]) {
        replaceSrc(src, '');
        say('图片未插入：只能插入 PNG、JPEG、GIF 或 WebP 图片。');
        continue;
      }
      pending.add(src);
      say(`正在上传图片（${pending.size}张）…`);
      const fd = new FormData();
      fd.append('file', blob, 'image.' + extOf[blob.type]);
      fetch(upload, { method: 'POST', body: fd, credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then((r) => r.json().catch(() => ({})).then((d) => {
          if (!r.ok || !d.src) throw new Error(errorText(d));
          return d;
        }))
        .then((d) => {
          pending.delete(src);
          replaceSrc(src, d.src);
          say(`图片已作为附件“${d.name}”上传${pending.size ? `，还有${pending.size}张正在上传` : ''}。保存草稿后生效；提交审查前须经保密审查人员查看。`);
        })
        .catch((err) => {
          pending.delete(src);
          replaceSrc(src, '');
          say('图片上传失败：' + err.message);
        });
    }
  };

  // insertFiles shows image files at pos (or the selection) and uploads them.
  const insertFiles = (list, pos) => {
    if (!upload) {
      say('图片未插入：新建的信息须先保存草稿，再粘贴或拖入图片（图片作为本信息的附件上传）。');
      return;
    }
    list.forEach((file) => {
      const reader = new FileReader();
      reader.onload = () => {
        const node = { type: 'image', attrs: { src: reader.result } };
        if (pos == null) editor.chain().focus().insertContent(node).run();
        else editor.chain().insertContentAt(pos, node).run();
      };
      reader.readAsDataURL(file);
    });
  };
  const imageFiles = (dt) => [...((dt && dt.files) || [])].filter((f) => f.type.startsWith('image/'));

  editor = new Editor({
    element: area,
    injectCSS: false,
    extensions: [
      StarterKit.configure({ code: false, codeBlock: false, strike: false, underline: false, horizontalRule: false, link: false, heading: { levels: [2, 3, 4] } }),
      TableKit.configure({ table: { resizable: false } }),
      bodyImage(show),
    ],
    content: ta.value,
    editorProps: {
      transformPastedHTML: (html) => {
        const out = cleanPaste(html, keepImage);
        if (out.dropped) {
          say(upload
            ? `有${out.dropped}张图片无法从剪贴板读取（如Word文档中的图片、其他网站的图片），未插入：请单独复制该图片粘贴，或将图片文件拖入正文。`
            : `有${out.dropped}张图片未插入：新建的信息须先保存草稿，再粘贴图片（图片作为本信息的附件上传）。`);
        }
        return out.html;
      },
      handlePaste: (view, event) => {
        const dt = event.clipboardData;
        const list = imageFiles(dt);
        if (!list.length) return false;
        // An image copied alone (a screenshot, an image from a page) comes as a file, perhaps
        // with HTML that only points at it elsewhere: take the file.
        const html = dt.getData('text/html');
        if (html && new DOMParser().parseFromString(html, 'text/html').body.textContent.trim() !== '') return false;
        event.preventDefault();
        insertFiles(list, null);
        return true;
      },
      handleDrop: (view, event, slice, moved) => {
        const list = moved ? [] : imageFiles(event.dataTransfer);
        if (!list.length) return false;
        event.preventDefault();
        const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
        insertFiles(list, at ? at.pos : null);
        return true;
      },
      attributes: { class: 'editor-body', role: 'textbox', 'aria-multiline': 'true', 'aria-label': label ? label.textContent.trim() : '正文', id: ta.id + '-editor' },
    },
    onUpdate: ({ editor: e }) => {
      dirty = true;
      ta.value = e.getHTML();
      queueMicrotask(uploadImages);
    },
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
  if (ta.form) {
    ta.form.addEventListener('submit', (ev) => {
      if (pending.size) {
        ev.preventDefault();
        say(`还有${pending.size}张图片正在上传，请稍候再保存。`);
        return;
      }
      if (dirty) ta.value = editor.getHTML();
    });
  }
});
