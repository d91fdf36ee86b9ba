"""Indicators; filled in below."""
