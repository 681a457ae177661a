-- Coverage indicators count places reached, each once: the same change as
-- migrations/sqlite/0010_coverage_credit.sql, which says why. Never edit this file once
-- released.
UPDATE progress_values AS v SET increment = (
    SELECT COUNT(DISTINCT TRIM(pl.value))
    FROM reports r
    CROSS JOIN LATERAL jsonb_array_elements(r.content::jsonb -> 'values') AS val(value)
    CROSS JOIN LATERAL jsonb_array_elements_text(val.value -> 'input' -> 'places') AS pl(value)
    WHERE r.id = v.report_id
      AND val.value ->> 'code' = (SELECT code FROM indicators WHERE id = v.indicator_id)
      AND NOT EXISTS (
          SELECT 1
          FROM progress_values w JOIN reports r2 ON r2.id = w.report_id
          CROSS JOIN LATERAL jsonb_array_elements(r2.content::jsonb -> 'values') AS val2(value)
          CROSS JOIN LATERAL jsonb_array_elements_text(val2.value -> 'input' -> 'places') AS pl2(value)
          WHERE w.indicator_id = v.indicator_id
            AND val2.value ->> 'code' = val.value ->> 'code'
            AND TRIM(pl2.value) = TRIM(pl.value)
            AND (w.captured_on < v.captured_on
                 OR (w.captured_on = v.captured_on AND w.report_id < v.report_id))
      )
)
WHERE v.indicator_id IN (SELECT id FROM indicators WHERE kind = 'coverage');
