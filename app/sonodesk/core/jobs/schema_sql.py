"""The SQLite schema of the jobs/takes database, as numbered migrations. No Qt, no I/O."""

from __future__ import annotations

SCHEMA_VERSION = 1

_V1 = (
    """
    CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        model_id TEXT NOT NULL,
        model_name TEXT NOT NULL DEFAULT '',
        params TEXT NOT NULL,
        files TEXT NOT NULL DEFAULT '{}',
        state TEXT NOT NULL,
        remote_id TEXT,
        remote_status TEXT,
        progress REAL,
        outputs TEXT NOT NULL DEFAULT '[]',
        error TEXT,
        hint TEXT,
        error_field TEXT,
        cost REAL,
        quoted_cost REAL,
        batch_id TEXT,
        batch_index INTEGER NOT NULL DEFAULT 0,
        label TEXT,
        created_at REAL NOT NULL,
        updated_at REAL NOT NULL,
        submit_started_at REAL,
        submitted_at REAL,
        finished_at REAL,
        submit_attempts INTEGER NOT NULL DEFAULT 0,
        polls INTEGER NOT NULL DEFAULT 0
    )
    """,
    # One local job per remote job: reconciliation can never adopt a server job twice.
    "CREATE UNIQUE INDEX jobs_remote ON jobs(provider, remote_id) WHERE remote_id IS NOT NULL",
    "CREATE INDEX jobs_state ON jobs(state)",
    "CREATE INDEX jobs_created ON jobs(created_at)",
    """
    CREATE TABLE takes (
        id TEXT PRIMARY KEY,
        job_id TEXT NOT NULL REFERENCES jobs(id),
        output_index INTEGER NOT NULL,
        provider TEXT NOT NULL,
        model_id TEXT NOT NULL,
        model_name TEXT NOT NULL DEFAULT '',
        params TEXT NOT NULL,
        remote_job_id TEXT,
        asset_ref TEXT,
        cost REAL,
        created_at REAL NOT NULL,
        file_path TEXT NOT NULL,
        file_format TEXT,
        mime_type TEXT,
        size INTEGER,
        sha256 TEXT,
        duration REAL,
        sample_rate INTEGER,
        channels INTEGER,
        seed INTEGER,
        title TEXT NOT NULL DEFAULT '',
        prompt TEXT NOT NULL DEFAULT '',
        UNIQUE (job_id, output_index)
    )
    """,
    "CREATE INDEX takes_created ON takes(created_at)",
)

# MIGRATIONS[n] brings a database from user_version n to n + 1.
MIGRATIONS: dict[int, tuple[str, ...]] = {0: _V1}
