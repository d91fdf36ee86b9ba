"""The analytics export's schema: one Parquet file per table per period, `<dir>/period=<P>/<table>.parquet`.

This is the contract between the export (`export.py`), the indicator definitions (`indicators/`), the
benchmark's generator (`bench/indicators.py`) and anyone reading the files (docs/analytics-export.md).
A person appears only as `citizen`, a keyed pseudonym (HMAC-SHA256 of the internal id): never a CPR
number, a name, an address or a birth date. Row ids of plans, goals and interventions are internal
surrogate keys, not personal data, kept so tables can be joined.
"""

from __future__ import annotations

import pyarrow as pa

AGE_BANDS = ("0-17", "18-24", "25-29", "30-49", "50-64", "65+")

CITIZENS = pa.schema([
    ("citizen", pa.string()),          # pseudonym
    ("age_band", pa.string()),         # age at the period's last day, one of AGE_BANDS
    ("district", pa.string()),         # "" when unknown or homeless
    ("target_group", pa.string()),     # the citizen's primary target group (outcomes/data/target_groups.json)
    ("unit", pa.string()),             # the coordinating caseworker's unit of the latest plan
    ("is_synthetic", pa.bool_()),
])

PLANS = pa.schema([
    ("plan_id", pa.int64()),
    ("citizen", pa.string()),
    ("status", pa.string()),
    ("started_on", pa.date32()),
    ("closed_on", pa.date32()),
    ("unit", pa.string()),
    ("holistic_consent", pa.bool_()),  # the citizen consented to one coordinated plan
])

GOALS = pa.schema([
    ("goal_id", pa.int64()),
    ("plan_id", pa.int64()),
    ("citizen", pa.string()),
    ("life_domain", pa.string()),
    ("status", pa.string()),
])

INTERVENTIONS = pa.schema([
    ("intervention_id", pa.int64()),
    ("plan_id", pa.int64()),
    ("citizen", pa.string()),
    ("type_code", pa.string()),
    ("legal_basis", pa.string()),       # e.g. "SEL § 110"
    ("provider_unit", pa.string()),
    ("status", pa.string()),
    ("start_date", pa.date32()),
    ("end_date", pa.date32()),
    ("end_reason", pa.string()),
    ("step", pa.int32()),               # highest step on any staircase the type is placed on; null: none
])

# One row per answered measure of an assessment (scored items, the instrument's total, status options).
ASSESSMENTS = pa.schema([
    ("assessment_id", pa.int64()),
    ("citizen", pa.string()),
    ("plan_id", pa.int64()),
    ("goal_id", pa.int64()),
    ("instrument", pa.string()),        # the instrument's code, e.g. "aarhus-mastery"
    ("series", pa.string()),            # the series of versions that compare, e.g. "aarhus-mastery/v1"
    ("item", pa.string()),
    ("assessed_on", pa.date32()),
    ("value", pa.float64()),
    ("option", pa.string()),
])

# First and latest answer of each measure per plan (and goal), classified by helhed.outcomes' rule (ADR 0301).
OUTCOME_RESULTS = pa.schema([
    ("citizen", pa.string()),
    ("plan_id", pa.int64()),
    ("goal_id", pa.int64()),
    ("instrument", pa.string()),
    ("series", pa.string()),
    ("item", pa.string()),
    ("first_on", pa.date32()),
    ("latest_on", pa.date32()),
    ("reached", pa.bool_()),
    ("improved", pa.bool_()),
    ("reached_or_improved", pa.bool_()),
])

# Shelter episodes (§ 110) by housing.stays' rule (ADR 0201): touching stays are one episode.
SHELTER_STAYS = pa.schema([
    ("citizen", pa.string()),
    ("shelter_unit", pa.string()),
    ("check_in", pa.date32()),
    ("last_night", pa.date32()),        # the last night occupied; null: still staying at the period's end
    ("age_at_check_in", pa.int32()),
])

HOMELESSNESS = pa.schema([
    ("citizen", pa.string()),
    ("category", pa.string()),
    ("valid_from", pa.date32()),
    ("valid_to", pa.date32()),
])

# A home let to a citizen through the municipality's allocation (boliganvisning): a tenancy.
ALLOCATIONS = pa.schema([
    ("citizen", pa.string()),
    ("home_district", pa.string()),
    ("allocation_unit", pa.string()),
    ("move_in", pa.date32()),
    ("ended_on", pa.date32()),
    ("end_reason", pa.string()),
])

EVICTION_NOTICES = pa.schema([
    ("citizen", pa.string()),
    ("kind", pa.string()),
    ("received_on", pa.date32()),
    ("outcome", pa.string()),           # "evicted": the eviction was carried out
    ("outcome_on", pa.date32()),
    ("unit", pa.string()),
])

# Position on each staircase (helhed.staircase): the step at the period's last day and a year before.
STAIRCASE_POSITIONS = pa.schema([
    ("citizen", pa.string()),
    ("staircase", pa.string()),         # the staircase's target group code
    ("step_year_before", pa.int32()),   # 0: off the staircase
    ("step_at_end", pa.int32()),
])

TABLES: dict[str, pa.Schema] = {
    "citizens": CITIZENS,
    "plans": PLANS,
    "goals": GOALS,
    "interventions": INTERVENTIONS,
    "assessments": ASSESSMENTS,
    "outcome_results": OUTCOME_RESULTS,
    "shelter_stays": SHELTER_STAYS,
    "homelessness": HOMELESSNESS,
    "allocations": ALLOCATIONS,
    "eviction_notices": EVICTION_NOTICES,
    "staircase_positions": STAIRCASE_POSITIONS,
}


def age_band(age: int) -> str:
    for band in reversed(AGE_BANDS):
        low = int(band.rstrip("+").split("-")[0])
        if age >= low:
            return band
    return AGE_BANDS[0]
