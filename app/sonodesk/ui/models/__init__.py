"""Qt item models over core records (catalogue entries, jobs). No widgets here."""
