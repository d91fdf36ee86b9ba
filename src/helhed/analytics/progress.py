"""Where an indicator stands against its target, and its traffic light. Pure functions, no database.

The rule (documented in docs/decisions/0400-analytics-export-and-indicators.md):
- progress = (latest - baseline) / (target - baseline): 0 at the baseline, 1 when the target is met,
  above 1 beyond it, below 0 when the value moved the wrong way. An absolute target with no baseline has
  no progress, only met / not met.
- the light: green when the target is met or progress is at least the share of the time from the baseline
  period to the target period that has passed (on track); yellow when progress is positive but behind
  time, or within 10 % of the distance; red when the value has not moved or moved the wrong way.
  No latest value: no light ("no data yet").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from helhed.analytics.choices import Light, TargetKind
from helhed.analytics.periods import parse_period

YELLOW_MARGIN = 0.10  # behind time by at most this share of the distance is still only yellow


class TargetLike(Protocol):
    """A Target model instance or a TargetSpec."""

    @property
    def baseline_value(self) -> float | None: ...
    @property
    def baseline_period(self) -> str: ...
    @property
    def target_kind(self) -> str: ...
    @property
    def target_value(self) -> float: ...
    @property
    def target_period(self) -> str: ...


@dataclass(frozen=True)
class TargetSpec:
    """The parts of a Target the rule needs (a model instance fits too)."""

    baseline_value: float | None
    baseline_period: str
    target_kind: str
    target_value: float
    target_period: str


def target_level(target: TargetLike) -> float | None:
    """The value the indicator should reach, whatever way the target was written."""
    if target.target_kind == TargetKind.ABSOLUTE:
        return target.target_value
    if target.baseline_value is None:
        return None
    if target.target_kind == TargetKind.CHANGE_ABS:
        return target.baseline_value + target.target_value
    return target.baseline_value * (1 + target.target_value / 100)


def progress(target: TargetLike, latest: float | None, direction: str) -> float | None:
    """0 at the baseline, 1 at the target; None without a value, a baseline or a target level."""
    level = target_level(target)
    if latest is None or level is None or target.baseline_value is None:
        return None
    distance = level - target.baseline_value
    if distance == 0:
        return 1.0 if _met(latest, level, direction) else 0.0
    return (latest - target.baseline_value) / distance


def _met(latest: float, level: float, direction: str) -> bool:
    return latest >= level if direction == "up" else latest <= level


def elapsed_share(target: TargetLike, period: str) -> float:
    """How much of the time from the baseline period to the target period has passed at `period`."""
    try:
        base, goal, now = (parse_period(p) for p in (target.baseline_period, target.target_period, period))
    except Exception:
        return 1.0  # no usable periods: judge against the whole distance
    span = (goal.end - base.end).days
    if span <= 0:
        return 1.0
    return min(1.0, max(0.0, (now.end - base.end).days / span))


def light(target: TargetLike | None, latest: float | None, direction: str, period: str) -> Light:
    if latest is None:
        return Light.NONE
    if target is None:
        return Light.NONE
    level = target_level(target)
    if level is not None and _met(latest, level, direction):
        return Light.GREEN
    share = progress(target, latest, direction)
    if share is None:
        # An absolute target without a baseline: met or not, and "not yet" is yellow.
        return Light.YELLOW
    expected = elapsed_share(target, period)
    if share >= expected:
        return Light.GREEN
    if share > 0 or share >= expected - YELLOW_MARGIN:
        return Light.YELLOW
    return Light.RED
