"""Helhed: one coordinated plan per socially vulnerable citizen (helhedsorienteret plan)."""
