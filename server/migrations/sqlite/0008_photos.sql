-- Evidence photos (issue 13). Never edit this file once released.
-- A report declares its photos in its content; their bytes arrive apart, resumably.

-- An upload in progress: one part (the photo or its thumbnail) of one declared photo.
-- Its bytes so far are chunk objects in the object store under uploads/<id>/. The row is
-- deleted when the part is stored, or when abandoned (sync::upload::ABANDONED_AFTER_HOURS).
CREATE TABLE uploads (
    id         TEXT    PRIMARY KEY,          -- made by the server, in the upload's URL
    photo_id   TEXT    NOT NULL,
    part       TEXT    NOT NULL CHECK (part IN ('photo', 'thumb')),
    report_id  TEXT    NOT NULL REFERENCES reports (id),
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    length     BIGINT  NOT NULL,
    received   BIGINT  NOT NULL DEFAULT 0,   -- bytes confirmed so far (tus Upload-Offset)
    sha256     TEXT    NOT NULL,             -- what the report declared
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    UNIQUE (photo_id, part)
);
CREATE INDEX uploads_by_age ON uploads (updated_at);

-- A part stored whole, its hash checked. Never expires.
CREATE TABLE photos (
    photo_id      TEXT    NOT NULL,
    part          TEXT    NOT NULL CHECK (part IN ('photo', 'thumb')),
    report_id     TEXT    NOT NULL REFERENCES reports (id),
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    sha256        TEXT    NOT NULL,
    bytes         BIGINT  NOT NULL,
    width         INTEGER,
    height        INTEGER,
    exif_taken_at TEXT,                      -- read by the server from the bytes; camera
                                             -- local time (no zone) as 2024-06-03T10:15:00
    received_at   TEXT    NOT NULL,          -- when the last byte arrived
    PRIMARY KEY (photo_id, part)
);
CREATE INDEX photos_by_hash ON photos (sha256);
CREATE INDEX photos_by_report ON photos (report_id);
