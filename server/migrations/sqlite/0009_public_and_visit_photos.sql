-- Photos the public may see, indicators about people, and photos of 一线督导 visits
-- (issue 13). Never edit this file once released.

-- An indicator about people (elderly households, disabled children, 低保, 急难救助): the
-- plan file says `sensitive = true`. Photos of such an item are never public. Set on
-- import; `taizhang import` of the same plan file again updates it in place.
ALTER TABLE indicators ADD COLUMN sensitive BOOLEAN NOT NULL DEFAULT FALSE;

-- The 2024 plan was imported before the marking existed: mark it here, so a database
-- made then is safe without waiting for an operator to import again.
UPDATE indicators SET sensitive = TRUE
WHERE code IN ('households', 'urban-dibao', 'rural-dibao', 'urban-destitute', 'orphan-children',
               'disability-subsidies', 'rural-destitute', 'emergency-relief',
               'children-rehabilitated')
  AND item_id IN (SELECT i.id FROM items i JOIN plans p ON p.id = i.plan_id
                  WHERE p.code = 'taibaihu-2024');

-- A photo the lead unit made public, as 施工前 / 施工中 / 完工. No row: not public.
CREATE TABLE photo_stages (
    photo_id  TEXT    PRIMARY KEY,
    report_id TEXT    NOT NULL REFERENCES reports (id),
    stage     TEXT    NOT NULL CHECK (stage IN ('before', 'during', 'after')),
    marked_by INTEGER NOT NULL REFERENCES users (id),
    marked_at TEXT    NOT NULL
);
CREATE INDEX photo_stages_by_report ON photo_stages (report_id);

-- A photo the 督查室 took on a 一线督导 visit, sent with the visit form (online, from the
-- office or a phone's browser). Its bytes are the object visits/<photo_id>.jpg.
CREATE TABLE visit_photos (
    photo_id    TEXT    PRIMARY KEY,
    visit_id    INTEGER NOT NULL REFERENCES visits (id),
    sha256      TEXT    NOT NULL,
    bytes       BIGINT  NOT NULL,
    received_at TEXT    NOT NULL
);
CREATE INDEX visit_photos_by_visit ON visit_photos (visit_id);
