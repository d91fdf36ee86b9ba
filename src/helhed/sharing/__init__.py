"""Sharing (deling): the citizen's consent to share between sectors, units and relatives, statutory sharing
without consent, and break-the-glass (nødadgang) with its review.

This app records the facts; `helhed.access` decides with them through the relation provider registered in
`apps.py` (ADR 0005). It must never decide access itself beyond asking `access.selectors.citizen_access`.
"""
