"""Shared kernel: value types (CPR), domain errors and base models. Depends on nothing else in Helhed."""
