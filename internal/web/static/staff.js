// Search-as-you-type for the record form's linked records (政策解读 → 政策文件, …): a progressive
// enhancement of the chooser, which works without JavaScript through the "查找并选择" button.
// An ARIA combobox over /admin/orgs/{org}/record-links; the numeric field stays the one
// submitted. A field that names several records (data-link-multi: 废止) gains a checked box
// for each record chosen.
(function () {
  'use strict';
  var m = location.pathname.match(/^\/admin\/orgs\/([^/]+)\//);
  if (!m || !window.fetch) return;
  var org = m[1];
  document.querySelectorAll('.linkfield[data-link-field]').forEach(function (box) {
    var field = box.getAttribute('data-link-field');
    var multi = box.hasAttribute('data-link-multi');
    var idInput = multi ? null : document.getElementById(field);
    var status = document.getElementById(field + '-chosen');
    if ((!multi && !idInput) || !status) return;
    var input = document.createElement('input');
    input.type = 'text';
    input.id = field + '-search';
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', field + '-list');
    input.setAttribute('aria-label', '按标题查找');
    input.placeholder = '输入标题中的词查找';
    input.autocomplete = 'off';
    var list = document.createElement('ul');
    list.id = field + '-list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', '查找结果');
    list.hidden = true;
    box.insertBefore(input, box.firstChild);
    box.appendChild(list);
    var items = [], active = -1, timer = null, seq = 0;
    function close() {
      list.hidden = true; active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }
    function mark() {
      Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute('aria-selected', i === active ? 'true' : 'false'); });
      if (active >= 0) input.setAttribute('aria-activedescendant', list.children[active].id); else input.removeAttribute('aria-activedescendant');
    }
    function choose(i) {
      var c = items[i];
      if (!c) return;
      if (multi) {
        if (!status.querySelector('input[value="' + c.id + '"]')) {
          var none = status.querySelector('li.muted');
          if (none) none.remove();
          var li = document.createElement('li');
          var lab = document.createElement('label');
          lab.className = 'check';
          var cb = document.createElement('input');
          cb.type = 'checkbox'; cb.name = field; cb.value = c.id; cb.checked = true;
          lab.appendChild(cb);
          lab.appendChild(document.createTextNode(' ' + c.title + '（编号' + c.id + '）'));
          li.appendChild(lab);
          status.appendChild(li);
        }
      } else {
        idInput.value = c.id;
        status.textContent = '已选：' + c.title + '（编号' + c.id + '）';
      }
      input.value = '';
      close();
    }
    function show(choices) {
      items = choices; list.textContent = '';
      choices.forEach(function (c, i) {
        var li = document.createElement('li');
        li.id = field + '-opt-' + i;
        li.setAttribute('role', 'option');
        li.textContent = c.title + '（编号' + c.id + ' · ' + c.unit + ' · ' + c.state + '）';
        li.addEventListener('mousedown', function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      if (!choices.length) {
        var none = document.createElement('li');
        none.setAttribute('role', 'option');
        none.setAttribute('aria-disabled', 'true');
        none.textContent = '没有找到';
        list.appendChild(none);
      }
      list.hidden = false; active = -1; mark();
      input.setAttribute('aria-expanded', 'true');
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { close(); return; }
      timer = setTimeout(function () {
        var n = ++seq;
        fetch('/admin/orgs/' + encodeURIComponent(org) + '/record-links?field=' + encodeURIComponent(field) + '&q=' + encodeURIComponent(q),
          { credentials: 'same-origin', headers: { Accept: 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : { choices: [] }; })
          .then(function (d) { if (n === seq) show(d.choices || []); })
          .catch(function () {});
      }, 200);
    });
    input.addEventListener('keydown', function (e) {
      if (list.hidden) return;
      if (e.key === 'ArrowDown') { active = Math.min(active + 1, items.length - 1); mark(); e.preventDefault(); }
      else if (e.key === 'ArrowUp') { active = Math.max(active - 1, 0); mark(); e.preventDefault(); }
      else if (e.key === 'Enter') { if (active >= 0) { choose(active); } e.preventDefault(); }
      else if (e.key === 'Escape') { close(); }
    });
    input.addEventListener('blur', function () { setTimeout(close, 150); });
  });
})();
