"""Provider adapters: each turns one vendor API into the neutral types in base.py. No Qt."""
