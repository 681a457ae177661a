-- Evidence photos (issue 13). Never edit this file once released. Same tables as
-- migrations/sqlite/0008_photos.sql, which says what each column holds.

CREATE TABLE uploads (
    id         TEXT        PRIMARY KEY,
    photo_id   TEXT        NOT NULL,
    part       TEXT        NOT NULL CHECK (part IN ('photo', 'thumb')),
    report_id  TEXT        NOT NULL REFERENCES reports (id),
    unit_id    BIGINT      NOT NULL REFERENCES units (id),
    length     BIGINT      NOT NULL,
    received   BIGINT      NOT NULL DEFAULT 0,
    sha256     TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    UNIQUE (photo_id, part)
);
CREATE INDEX uploads_by_age ON uploads (updated_at);

CREATE TABLE photos (
    photo_id      TEXT        NOT NULL,
    part          TEXT        NOT NULL CHECK (part IN ('photo', 'thumb')),
    report_id     TEXT        NOT NULL REFERENCES reports (id),
    unit_id       BIGINT      NOT NULL REFERENCES units (id),
    sha256        TEXT        NOT NULL,
    bytes         BIGINT      NOT NULL,
    width         INTEGER,
    height        INTEGER,
    exif_taken_at TEXT,                     -- camera local time, ISO text: it has no zone
    received_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (photo_id, part)
);
CREATE INDEX photos_by_hash ON photos (sha256);
CREATE INDEX photos_by_report ON photos (report_id);
