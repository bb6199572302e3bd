-- 统一社会信用代码 of an organisation: the issuer part of the default 索引号.
ALTER TABLE orgs ADD COLUMN credit_code TEXT NOT NULL DEFAULT '';
