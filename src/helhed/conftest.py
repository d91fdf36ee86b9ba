"""Fixtures shared by the tests inside the package."""

from __future__ import annotations

import pytest

from helhed.people.models import OrgUnit
from helhed.testing import factories as f


@pytest.fixture
def org(db: None) -> dict[str, OrgUnit]:
    """A small organisation: social administration with two teams, a job centre, a treatment centre."""
    root = f.unit("Socialforvaltningen", kind="administration", sector="adult_social")
    team_a = f.unit("Team Udsatte Voksne", kind="team", sector="adult_social", parent=root)
    team_b = f.unit("Team Handicap", kind="team", sector="disability", parent=root)
    job = f.unit("Jobcenter", kind="centre", sector="employment", parent=root)
    treatment = f.unit("Center for Misbrugsbehandling", kind="centre", sector="adult_social", parent=root)
    return {"root": root, "team_a": team_a, "team_b": team_b, "job": job, "treatment": treatment}
