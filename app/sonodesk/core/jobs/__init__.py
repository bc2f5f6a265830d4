"""The crash-safe job engine: SQLite store, adaptive polling, downloads into the library. No Qt."""
