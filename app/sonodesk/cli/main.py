"""CLI main (placeholder until written)."""


def main() -> int:
    return 0
