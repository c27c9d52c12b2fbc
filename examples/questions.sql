-- Three questions analysts ask, over a gongwen run in out/ (DuckDB SQL).
-- Run: duckdb < examples/questions.sql   (or python3 examples/questions.py, which runs it)
-- Each counts a document once: a reprint (the same notice in a gazette and a compilation)
-- has `duplicate_of` set and is left out.

-- 1. Which county gives its development-and-reform bureau (发改局/发改委) the most lead tasks?
SELECT d.jurisdiction, count(DISTINCT a.task_id) AS lead_tasks
FROM 'out/assignments.parquet' a JOIN 'out/documents.parquet' d USING (doc_id)
WHERE a.unit_category = 'development_reform' AND a.role = 'lead' AND d.duplicate_of IS NULL
GROUP BY ALL ORDER BY lead_tasks DESC, d.jurisdiction;

-- 2. Median months from issue to deadline, per county (limits with a calendar end date,
--    resolved against the document's own issue date).
SELECT d.jurisdiction,
       count(*) AS deadlines,
       round(median(date_diff('day', l.anchor_date, l.end_date)) / 30.4375, 1) AS median_months
FROM 'out/deadlines.parquet' l JOIN 'out/documents.parquet' d USING (doc_id)
WHERE l.anchor_source = 'issue_date' AND l.end_date IS NOT NULL AND l.kind IN ('by', 'range')
  AND d.duplicate_of IS NULL
GROUP BY ALL ORDER BY median_months;

-- 3. Who chairs the most leading groups (role rank 1: 组长, 主任, 指挥长 …)?
SELECT d.jurisdiction, coalesce(r.person_name, r.position) AS chair, r.title,
       count(DISTINCT r.group_id) AS groups
FROM 'out/rosters.parquet' r JOIN 'out/documents.parquet' d USING (doc_id)
WHERE r.role_rank = 1 AND d.duplicate_of IS NULL
GROUP BY ALL ORDER BY groups DESC, chair LIMIT 10;
