<?xml version="1.0" encoding="utf-8"?>
<!-- Renders an Atom feed of this site as a page when it is opened in a browser (the feeds
     reference it with an xml-stylesheet processing instruction); feed readers ignore it. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="utf-8" doctype-system="about:legacy-compat"/>
  <xsl:template match="/atom:feed">
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/>（订阅源）</title>
        <style>
          body { font: 16px/1.7 "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif; color: #1a1a1a; margin: 0; }
          header, main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
          header { border-bottom: 3px solid #a61b1b; }
          .note { background: #f4f1ea; border-left: 4px solid #a61b1b; padding: .6rem 1rem; }
          code { background: #f4f1ea; padding: 0 .3em; word-break: break-all; }
          ol { padding-left: 1.4rem; }
          li { margin: .5rem 0; }
          a { color: #0b4f9c; }
          .muted { color: #555; font-size: .9em; }
        </style>
      </head>
      <body>
        <header><p><a href="/">返回网站首页</a></p></header>
        <main>
          <h1><xsl:value-of select="atom:title"/></h1>
          <p class="note">这是一个 Atom 订阅源。将本页地址 <code><xsl:value-of select="atom:link[@rel='self']/@href"/></code> 添加到订阅阅读器，即可及时收到新发布的信息。<xsl:if test="atom:link[@rel='alternate']"> 也可以<a href="{atom:link[@rel='alternate']/@href}">浏览对应的网页</a>。</xsl:if></p>
          <h2>最新条目</h2>
          <xsl:choose>
            <xsl:when test="atom:entry">
              <ol>
                <xsl:for-each select="atom:entry">
                  <li>
                    <a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a>
                    <span class="muted"> · <xsl:value-of select="atom:author/atom:name"/> · <xsl:value-of select="substring(atom:published, 1, 10)"/></span>
                    <xsl:if test="atom:summary"><br/><span class="muted"><xsl:value-of select="atom:summary"/></span></xsl:if>
                  </li>
                </xsl:for-each>
              </ol>
            </xsl:when>
            <xsl:otherwise><p>暂无条目。</p></xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
