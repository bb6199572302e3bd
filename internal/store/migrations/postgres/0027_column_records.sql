-- Records of the 政府信息公开 专栏 (政府信息公开指南, 制度, 年度报告) belong to the unit as a
-- whole: they have no catalog entry (entry_id NULL, domain_code and entry_key '').
ALTER TABLE records ALTER COLUMN entry_id DROP NOT NULL;
CREATE INDEX records_kind ON records(unit_id, kind, state);
