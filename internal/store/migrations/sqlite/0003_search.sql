-- Search index (issue 6). Records are indexed as Go-made tokens (internal/search): Han
-- bigrams, whole Latin words and numbers, joined by spaces, so unicode61 only splits at the
-- spaces. Filters are indexed too, as private-use tokens in the meta column, so that a
-- filtered search is one FTS5 query that stops after the first page.
--
-- rk, the ranking key, orders documents newest first (internal/store/search.go): it is the
-- rowid of all three tables, so FTS5 returns hits in the order shown and a search stops
-- after the first page instead of scoring every hit.
CREATE TABLE search_docs (
    rk        INTEGER PRIMARY KEY,
    id        INTEGER NOT NULL UNIQUE,
    unit      TEXT NOT NULL DEFAULT '',
    domain    TEXT NOT NULL DEFAULT '',
    stage     TEXT NOT NULL DEFAULT '',
    kind      TEXT NOT NULL DEFAULT '',
    subject   TEXT NOT NULL DEFAULT '',
    published TIMESTAMP NOT NULL,
    title     TEXT NOT NULL,
    body      TEXT NOT NULL
);

-- Titles alone: the first ranking group (title matches) is read from this small index, so
-- a word frequent in bodies but rare in titles does not make that group slow.
CREATE VIRTUAL TABLE search_title USING fts5(title, meta, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 0');

-- Title and body: every hit, for the count and the second ranking group.
CREATE VIRTUAL TABLE search_all USING fts5(title, body, meta, content='', contentless_delete=1,
    tokenize='unicode61 remove_diacritics 0');

-- Synonym groups that administrators edit; members separated by "|". Seeded from
-- internal/search/synonyms.txt (a test checks that the two agree).
CREATE TABLE search_synonyms (
    id         INTEGER PRIMARY KEY,
    terms      TEXT NOT NULL,
    builtin    INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
INSERT INTO search_synonyms (terms, builtin, created_at, updated_at) VALUES
    ('低保|最低生活保障', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('城市低保|城市居民最低生活保障', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('农村低保|农村最低生活保障', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('五保|特困人员供养', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('五保户|特困供养人员', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('临时救助|临时性救助', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('残疾人两项补贴|困难残疾人生活补贴和重度残疾人护理补贴', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('高龄补贴|高龄津贴', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('社保|社会保险', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('医保|医疗保险', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('医保|医疗保障', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('新农合|新型农村合作医疗', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('新农保|新型农村社会养老保险', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('城乡居民医保|城乡居民基本医疗保险', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('职工医保|职工基本医疗保险', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('城乡居民养老保险|城乡居民基本养老保险', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('工伤保险|工伤险', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('失业金|失业保险金', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('公积金|住房公积金', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('社保卡|社会保障卡', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('个税|个人所得税', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('危改|危房改造', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('农危房|农村危房', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('公租房|公共租赁住房', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('廉租房|廉租住房', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('经适房|经济适用住房|经济适用房', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('棚改|棚户区改造', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('保障房|保障性住房', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('农房|农村住房', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('农机补贴|农机购置补贴|农业机械购置补贴', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('耕地地力补贴|耕地地力保护补贴', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('惠农补贴|惠民惠农财政补贴', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('易地搬迁|易地扶贫搬迁', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('退耕还林|退耕还林还草', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('医联体|医疗联合体', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('医共体|医疗共同体|医疗卫生共同体', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('卫健委|卫生健康委员会|卫生健康委', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('计生|计划生育', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('疾控|疾病预防控制', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('新冠|新型冠状病毒', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('义教|义务教育', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('营养餐|营养改善计划', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('高考|普通高等学校招生全国统一考试', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('人社|人力资源和社会保障', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('发改委|发展和改革委员会|发展改革委', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('住建|住房和城乡建设', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('市监局|市场监督管理局', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('市场监管|市场监督管理', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('卫计委|卫生和计划生育委员会', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('残联|残疾人联合会', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('妇联|妇女联合会', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('人大|人民代表大会', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('政协|政治协商会议', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('纪委|纪律检查委员会', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('村委会|村民委员会', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('居委会|居民委员会', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('城管|城市管理', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('交警|交通警察', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('环保|环境保护', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('食药监|食品药品监督管理', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('质监|质量技术监督', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('安监|安全生产监督管理', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('环评|环境影响评价', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('招投标|招标投标', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('双拥|拥军优属拥政爱民', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('优抚|优待抚恤', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('户口|户籍', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('残疾证|残疾人证', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('企业年报|企业年度报告', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('ppp|政府和社会资本合作', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('pm2.5|细颗粒物', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('gdp|国内生产总值', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('gdp|地区生产总值', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
    ('cpi|居民消费价格指数', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
