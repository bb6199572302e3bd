-- What a search document holds changed with issue 14 (every 五公开 stage as a filter token,
-- whether the document is in force). A database that already has an index made by the
-- earlier code is marked version 1, so that the server rebuilds the index once at its next
-- start (app.UpgradeSearchIndex); a database with an empty index starts at version 2.
INSERT INTO settings (key, value)
SELECT 'search.doc_version', CASE WHEN EXISTS (SELECT 1 FROM search_docs) THEN '1' ELSE '2' END;
