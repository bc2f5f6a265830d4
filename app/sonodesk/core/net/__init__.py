"""Network helpers shared by providers and downloads: retries, URL policy, streaming. No Qt."""
