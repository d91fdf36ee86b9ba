"""The catalogue: legal bases (§), intervention types and their attributes, loaded from data files.

The law and the catalogue are data, not code: add a paragraph or an intervention type by editing
`data/catalog.json` and running `helhed catalog sync`.
"""
