"""Outcomes: instruments as data, assessments over time, goal attainment, the citizen's stories, satisfaction,
and what works for whom."""
