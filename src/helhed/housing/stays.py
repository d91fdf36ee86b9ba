"""Shelter statistics (Serviceloven § 110): the 120-day figure, returns, young people, daily occupancy.

Pure functions over plain data: no Django, no database. The definitions are decided in
docs/decisions/0201-shelter-stay-statistics.md and tested in tests/test_stays.py:

- A stay occupies the *nights* from check-in up to the night before check-out; a stay that ends the day
  it began occupies one night (a bed was taken). An open stay occupies every night up to `as_of`.
- Stays of one citizen that touch (check-in on the day of the previous check-out, at the same or another
  shelter) or overlap are one *episode* (forløb): a transfer or a re-registration, not a return.
  A check-in a day or more after a check-out starts a new episode.
- Length of an episode = nights occupied, counted from its first check-in even when that lies before
  the period; an open episode is measured up to the end of the period (or `as_of`, if earlier).
- 120-day figure for a period: of the episodes with a night in the period, the share that had lasted
  more than 120 nights by the end of the period (or by their check-out, if earlier). Open episodes count.
- Returns within 12 months: of the episodes beginning in the period, those that begin at most
  12 calendar months after the check-out of the same citizen's previous episode.
- Young people: citizens with a night in the period who were under 25 on their first night in it.
- Daily occupancy: per shelter and day, the stays occupying that night.
Nothing here knows who is looking; selectors apply the access policy before calling these.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

LONG_STAY_NIGHTS = 120           # Aarhus: at most 10 % of stays over 120 days
RETURN_WINDOW_MONTHS = 12
YOUNG_UNDER_AGE = 25             # VIVE's young homeless: 18-24
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Period:
    """A period of whole days, both ends included."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("a period cannot end before it starts")

    def measured_to(self, as_of: dt.date) -> dt.date:
        """The last day we know about: the period's end, or `as_of` if the period is not over."""
        return min(self.end, as_of)


@dataclass(frozen=True, slots=True)
class Stay:
    citizen_id: int
    shelter_id: int
    check_in: dt.date
    check_out: dt.date | None = None

    def __post_init__(self) -> None:
        if self.check_out is not None and self.check_out < self.check_in:
            raise ValueError("a stay cannot end before it begins")

    def last_night(self, as_of: dt.date) -> dt.date:
        """The last night occupied: the night before check-out (at least the check-in night), or `as_of`."""
        if self.check_out is None:
            return as_of
        return max(self.check_in, self.check_out - _ONE_DAY)

    def nights(self, as_of: dt.date) -> int:
        return nights_between(self.check_in, self.last_night(as_of))


@dataclass(frozen=True, slots=True)
class Episode:
    """One or more touching stays of a citizen: one continuous time at shelters (forløb)."""

    citizen_id: int
    check_in: dt.date
    check_out: dt.date | None
    stays: tuple[Stay, ...]

    def last_night(self, as_of: dt.date) -> dt.date:
        if self.check_out is None:
            return as_of
        return max(s.last_night(as_of) for s in self.stays)

    def nights_until(self, day: dt.date, as_of: dt.date) -> int:
        """Nights occupied from the first check-in up to and including `day`."""
        return nights_between(self.check_in, min(day, self.last_night(as_of)))

    def has_night_in(self, start: dt.date, end: dt.date, as_of: dt.date) -> bool:
        return self.check_in <= end and self.last_night(as_of) >= start


def nights_between(first: dt.date, last: dt.date) -> int:
    """Nights from `first` to `last`, both included (0 if `last` is before `first`)."""
    return max(0, (last - first).days + 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the last day of the month when that day does not exist (29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def episodes(stays: Iterable[Stay]) -> list[Episode]:
    """Merge each citizen's touching or overlapping stays into episodes, in order of check-in."""
    by_citizen: dict[int, list[Stay]] = defaultdict(list)
    for stay in stays:
        by_citizen[stay.citizen_id].append(stay)
    result: list[Episode] = []
    for citizen_id in sorted(by_citizen):
        ordered = sorted(by_citizen[citizen_id], key=lambda s: (s.check_in, s.check_out or dt.date.max))
        group = [ordered[0]]
        end: dt.date | None = ordered[0].check_out
        for stay in ordered[1:]:
            if end is None or stay.check_in <= end:   # open, overlapping, or re-entry on the check-out day
                group.append(stay)
                end = None if end is None or stay.check_out is None else max(end, stay.check_out)
            else:
                result.append(Episode(citizen_id, group[0].check_in, end, tuple(group)))
                group, end = [stay], stay.check_out
        result.append(Episode(citizen_id, group[0].check_in, end, tuple(group)))
    return result


@dataclass(frozen=True, slots=True)
class Share:
    """A count out of a total, with the share in per cent (None when there is nothing to count)."""

    count: int
    total: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.count / self.total, 1) if self.total else None


def long_stays(stays: Iterable[Stay], period: Period, as_of: dt.date) -> Share:
    """The 120-day figure: episodes in the period that had lasted over 120 nights by its end."""
    to = period.measured_to(as_of)
    if to < period.start:
        return Share(0, 0)
    inside = [e for e in episodes(stays) if e.has_night_in(period.start, to, as_of)]
    return Share(sum(1 for e in inside if e.nights_until(to, as_of) > LONG_STAY_NIGHTS), len(inside))


def returns(stays: Iterable[Stay], period: Period, as_of: dt.date) -> Share:
    """Returns within 12 months: episodes beginning in the period within 12 months of the previous one."""
    to = period.measured_to(as_of)
    by_citizen: dict[int, list[Episode]] = defaultdict(list)
    for e in episodes(stays):
        by_citizen[e.citizen_id].append(e)
    count = total = 0
    for eps in by_citizen.values():
        for previous, current in zip([None, *eps[:-1]], eps, strict=True):
            if not period.start <= current.check_in <= to:
                continue
            total += 1
            if previous is not None and previous.check_out is not None and \
                    current.check_in <= add_months(previous.check_out, RETURN_WINDOW_MONTHS):
                count += 1
    return Share(count, total)


def young_people(stays: Iterable[Stay], birth_dates: Mapping[int, dt.date], period: Period,
                 as_of: dt.date) -> Share:
    """Citizens at shelters in the period who were under 25 on their first night in it."""
    to = period.measured_to(as_of)
    first_night: dict[int, dt.date] = {}
    for stay in stays:
        if stay.check_in <= to and stay.last_night(as_of) >= period.start:
            first = max(stay.check_in, period.start)
            first_night[stay.citizen_id] = min(first, first_night.get(stay.citizen_id, first))
    young = sum(1 for cid, day in first_night.items() if _age(birth_dates[cid], day) < YOUNG_UNDER_AGE)
    return Share(young, len(first_night))


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def daily_occupancy(stays: Iterable[Stay], period: Period, as_of: dt.date) -> dict[int, list[int]]:
    """Per shelter, the number of stays occupying each night of the period (up to `as_of`)."""
    to = period.measured_to(as_of)
    days = (to - period.start).days + 1
    if days <= 0:
        return {}
    diff: dict[int, list[int]] = defaultdict(lambda: [0] * (days + 1))
    for stay in stays:
        first, last = max(stay.check_in, period.start), min(stay.last_night(as_of), to)
        if first > last:
            continue
        counts = diff[stay.shelter_id]
        counts[(first - period.start).days] += 1
        counts[(last - period.start).days + 1] -= 1
    result: dict[int, list[int]] = {}
    for shelter_id, counts in sorted(diff.items()):
        running, series = 0, []
        for k in range(days):
            running += counts[k]
            series.append(running)
        result[shelter_id] = series
    return result


def period_days(period: Period, as_of: dt.date) -> Sequence[dt.date]:
    """The days `daily_occupancy` reports on, in order."""
    to = period.measured_to(as_of)
    return [period.start + dt.timedelta(days=k) for k in range((to - period.start).days + 1)]
