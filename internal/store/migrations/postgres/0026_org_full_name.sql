-- The full name of an organisation (西安市未央区人民政府), the default 发布机构 of its records
-- and the name the 政府信息公开 专栏 is published under; '' falls back to the short name.
ALTER TABLE orgs ADD COLUMN full_name TEXT NOT NULL DEFAULT '';
