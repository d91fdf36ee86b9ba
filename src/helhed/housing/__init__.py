"""Housing First: homelessness, shelter stays, homes, fair allocation, eviction prevention."""
