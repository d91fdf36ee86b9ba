"""The one coordinated plan (helhedsorienteret plan): goals in the citizen's words, interventions from
every unit, follow-ups, network meetings, journal notes, transitions and the coherence checks.

Every write is a function in `services.py`; every read of a citizen's data goes through `selectors.py`,
which asks `access`. Views and the API never touch a model manager directly.
"""
