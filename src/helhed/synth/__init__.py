"""The synthetic municipality: demo and benchmark data, deterministic for a seed. Only synthetic people."""
