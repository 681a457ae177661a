-- Photos the public may see, indicators about people, and photos of 一线督导 visits
-- (issue 13). Never edit this file once released. Same changes as
-- migrations/sqlite/0009_public_and_visit_photos.sql, which says what each column holds.

ALTER TABLE indicators ADD COLUMN sensitive BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE indicators SET sensitive = TRUE
WHERE code IN ('households', 'urban-dibao', 'rural-dibao', 'urban-destitute', 'orphan-children',
               'disability-subsidies', 'rural-destitute', 'emergency-relief',
               'children-rehabilitated')
  AND item_id IN (SELECT i.id FROM items i JOIN plans p ON p.id = i.plan_id
                  WHERE p.code = 'taibaihu-2024');

CREATE TABLE photo_stages (
    photo_id  TEXT        PRIMARY KEY,
    report_id TEXT        NOT NULL REFERENCES reports (id),
    stage     TEXT        NOT NULL CHECK (stage IN ('before', 'during', 'after')),
    marked_by BIGINT      NOT NULL REFERENCES users (id),
    marked_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX photo_stages_by_report ON photo_stages (report_id);

CREATE TABLE visit_photos (
    photo_id    TEXT        PRIMARY KEY,
    visit_id    BIGINT      NOT NULL REFERENCES visits (id),
    sha256      TEXT        NOT NULL,
    bytes       BIGINT      NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX visit_photos_by_visit ON visit_photos (visit_id);
