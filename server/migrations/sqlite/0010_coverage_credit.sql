-- Coverage indicators count places reached, each once (issue 14: the breakdown's rows of
-- item 10 added up to 71 against a total of 70). Until now each report's row credited every
-- place it listed, so a place listed twice was counted twice in the breakdown. From now on
-- a report is credited only the places new to the indicator when it is accepted; here the
-- rows written before are set the same way, crediting each place to the earliest report
-- (by capture day, then id) that lists it. Never edit this file once released.
UPDATE progress_values AS v SET increment = (
    SELECT COUNT(DISTINCT TRIM(pl.value))
    FROM reports r, json_each(r.content, '$.values') AS val,
         json_each(val.value, '$.input.places') AS pl
    WHERE r.id = v.report_id
      AND json_extract(val.value, '$.code') = (SELECT code FROM indicators WHERE id = v.indicator_id)
      AND NOT EXISTS (
          SELECT 1
          FROM progress_values w JOIN reports r2 ON r2.id = w.report_id,
               json_each(r2.content, '$.values') AS val2,
               json_each(val2.value, '$.input.places') AS pl2
          WHERE w.indicator_id = v.indicator_id
            AND json_extract(val2.value, '$.code') = json_extract(val.value, '$.code')
            AND TRIM(pl2.value) = TRIM(pl.value)
            AND (w.captured_on < v.captured_on
                 OR (w.captured_on = v.captured_on AND w.report_id < v.report_id))
      )
)
WHERE v.indicator_id IN (SELECT id FROM indicators WHERE kind = 'coverage');
