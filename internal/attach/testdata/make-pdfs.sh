#!/bin/sh
# Regenerates the PDF fixtures of the attach tests. Needs Debian's chromium,
# fonts-wqy-zenhei and poppler-utils:
#   apt-get install -y chromium fonts-wqy-zenhei poppler-utils
# Chromium (Skia) embeds TrueType fonts as CID fonts, Identity-H, with
# ToUnicode maps — what Word, WPS and most Chinese PDFs use. (LibreOffice 7.4,
# Debian 12's, writes subsetted simple fonts instead.) The ID number
# 610112198503152016 has a valid check digit; all data is made up.
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
style='body{font-family:"WenQuanYi Zen Hei";font-size:12pt} td{border:1px solid #000;padding:4px}'
cat >"$tmp/list.html" <<HTML
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>$style</style></head><body>
<h1>2026年第三季度最低生活保障对象名单（示例数据）</h1>
<p>以下对象经村（居）委会评议、乡镇人民政府审核，拟纳入最低生活保障范围，现予公示。</p>
<table><tr><td>姓名</td><td>身份证号</td><td>联系电话</td><td>保障人数</td></tr>
<tr><td>张三</td><td>610112198503152016</td><td>13812345678</td><td>3</td></tr></table>
<p>公示期为7个工作日。</p></body></html>
HTML
pdf() { chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf="$2" "file://$1" 2>/dev/null; }
pdf "$tmp/list.html" cid-list.pdf
# A "scan": the list as a low-resolution grey picture, no text.
pdftoppm -r 60 -gray -jpeg -jpegopt quality=40 -singlefile cid-list.pdf "$tmp/scan"
cat >"$tmp/scan.html" <<HTML
<!DOCTYPE html><html><head><meta charset="utf-8"><style>@page{margin:0} body{margin:0} img{width:100%}</style></head>
<body><img src="scan.jpg"></body></html>
HTML
pdf "$tmp/scan.html" scan.pdf
# Text on page 1, the scan on page 2.
cat >"$tmp/mixed.html" <<HTML
<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>$style img{width:100%} .pb{break-before:page}</style></head><body>
<h1>关于2026年第三季度最低生活保障对象的公示</h1><p>名单见下页（扫描件）。</p>
<div class="pb"><img src="scan.jpg"></div></body></html>
HTML
pdf "$tmp/mixed.html" mixed.pdf
pdffonts cid-list.pdf
pdffonts mixed.pdf
