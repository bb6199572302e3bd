-- What the personal-information guard could not read in an attachment (scanned PDF pages, an
-- image), and the reviewer's confirmation that the file holds no personal information.
ALTER TABLE record_attachments ADD COLUMN unread TEXT NOT NULL DEFAULT '';
ALTER TABLE record_attachments ADD COLUMN no_pii_confirmed_by INTEGER NOT NULL DEFAULT 0;
ALTER TABLE record_attachments ADD COLUMN no_pii_confirmed_at TIMESTAMP;

-- PDFs read before PDFium (the old reader could not read CID fonts) and images were never
-- really checked: a person has to look at them before the next review passes.
UPDATE record_attachments SET unread = '此前上传时未能可靠读取其中的文字，须人工查看'
    WHERE media_type = 'application/pdf' OR media_type LIKE 'image/%';
