-- Import jobs (issue 13, 数据导入 with progress): POST /api/vehicles/imports stores the upload, answers 202 and
-- runs the same filing import in the background; the console polls the job. Numbered 14.x so it cannot collide
-- with another branch's next version.
--
-- The instance running a job writes its counters and heartbeat_at every few seconds; a RUNNING job whose
-- heartbeat is older than registration.importer.job-stale-after (its instance died) is reported FAILED with
-- reason INTERRUPTED: the file is gone with that instance; importing it again finishes it (stored rows are skipped).
CREATE TABLE import_jobs (
    id              uuid          PRIMARY KEY,
    created_by      varchar(100)  NOT NULL,
    created_role    varchar(20)   NOT NULL,
    status          varchar(10)   NOT NULL CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
    reason          varchar(40),
    detail          varchar(500),
    total_bytes     bigint        NOT NULL,
    sha256          char(64)      NOT NULL,
    bytes_read      bigint        NOT NULL DEFAULT 0,
    rows_processed  bigint        NOT NULL DEFAULT 0,
    rows_imported   bigint        NOT NULL DEFAULT 0,
    rows_skipped    bigint        NOT NULL DEFAULT 0,
    rows_rejected   bigint        NOT NULL DEFAULT 0,
    error_count     bigint        NOT NULL DEFAULT 0,
    errors_omitted  bigint        NOT NULL DEFAULT 0,
    instance_id     varchar(64)   NOT NULL,
    created_at      timestamptz   NOT NULL,
    heartbeat_at    timestamptz   NOT NULL,
    finished_at     timestamptz,
    CHECK ((status = 'RUNNING') = (finished_at IS NULL))
);
-- "my imports, newest first" and the stale-job check
CREATE INDEX import_jobs_by_creator ON import_jobs (created_by, created_at DESC);
CREATE INDEX import_jobs_running ON import_jobs (heartbeat_at) WHERE status = 'RUNNING';

-- The per-line error report of a job (at most registration.importer.max-reported-errors rows; error_count
-- counts them all), written when the job ends, in line order.
CREATE TABLE import_job_errors (
    job_id   uuid          NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    seq      integer       NOT NULL,
    line     bigint        NOT NULL,
    field    varchar(40)   NOT NULL,
    message  varchar(500)  NOT NULL,
    PRIMARY KEY (job_id, seq)
);
