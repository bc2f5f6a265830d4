"""The SQLite schema of the jobs/takes database, as numbered migrations. No Qt, no I/O."""

from __future__ import annotations

SCHEMA_VERSION = 2

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

# v2: the library of takes. What a musician edits per take (rating, favourite, notes, trash),
# a normalised tag table, blind A/B votes, and indexes for the library's filters and sorts.
# The full-text index is not here: FTS5 may be missing from a Python's sqlite3, so
# sonodesk.core.library.search_index creates it (and its triggers) when it is available.
_V2 = (
    "ALTER TABLE takes ADD COLUMN rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5)",
    "ALTER TABLE takes ADD COLUMN favorite INTEGER NOT NULL DEFAULT 0 CHECK (favorite IN (0, 1))",
    "ALTER TABLE takes ADD COLUMN notes TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE takes ADD COLUMN deleted_at REAL",
    # Integrated loudness in LUFS, measured on first A/B use and kept.
    "ALTER TABLE takes ADD COLUMN loudness REAL",
    # A stable integer per take for the full-text index: the implicit rowid of a table without
    # an INTEGER PRIMARY KEY may change on VACUUM, which would detach the index.
    "ALTER TABLE takes ADD COLUMN search_id INTEGER",
    "UPDATE takes SET search_id = rowid",
    "CREATE UNIQUE INDEX takes_search_id ON takes(search_id)",
    "CREATE INDEX takes_deleted_created ON takes(deleted_at, created_at)",
    "CREATE INDEX takes_model_created ON takes(model_id, created_at)",
    "CREATE INDEX takes_provider ON takes(provider)",
    "CREATE INDEX takes_rating_created ON takes(rating, created_at)",
    "CREATE INDEX takes_favorite_created ON takes(created_at) WHERE favorite = 1",
    # ``key`` is the case- and width-folded name, so "Drums" and "drums" are one tag.
    """
    CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        key TEXT NOT NULL UNIQUE
    )
    """,
    """
    CREATE TABLE take_tags (
        take_id TEXT NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (take_id, tag_id)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX take_tags_tag ON take_tags(tag_id, take_id)",
    # One row per A/B decision; winner NULL is a tie ("no preference").
    """
    CREATE TABLE take_votes (
        id INTEGER PRIMARY KEY,
        take_a TEXT NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
        take_b TEXT NOT NULL REFERENCES takes(id) ON DELETE CASCADE,
        winner TEXT CHECK (winner IS NULL OR winner = take_a OR winner = take_b),
        blind INTEGER NOT NULL DEFAULT 1,
        created_at REAL NOT NULL
    )
    """,
    "CREATE INDEX take_votes_a ON take_votes(take_a)",
    "CREATE INDEX take_votes_b ON take_votes(take_b)",
)

# MIGRATIONS[n] brings a database from user_version n to n + 1.
MIGRATIONS: dict[int, tuple[str, ...]] = {0: _V1, 1: _V2}
