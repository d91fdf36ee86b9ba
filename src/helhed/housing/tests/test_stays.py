"""Shelter figures against hand-made stays (no database): period boundaries, open stays, same-day re-entry.

The definitions are in helhed/housing/stays.py and docs/decisions/0201-shelter-stay-statistics.md.
"""

from __future__ import annotations

import datetime as dt

import pytest

from helhed.housing.stays import (
    Period,
    Share,
    Stay,
    add_months,
    daily_occupancy,
    episodes,
    long_stays,
    returns,
    young_people,
)

D = dt.date
Q1 = Period(D(2024, 1, 1), D(2024, 3, 31))
AS_OF = D(2025, 1, 1)


def test_nights_of_a_stay() -> None:
    assert Stay(1, 9, D(2024, 1, 1), D(2024, 1, 2)).nights(AS_OF) == 1
    assert Stay(1, 9, D(2024, 1, 1), D(2024, 1, 1)).nights(AS_OF) == 1  # in and out the same day: one night
    assert Stay(1, 9, D(2024, 1, 1), D(2024, 1, 31)).nights(AS_OF) == 30
    assert Stay(1, 9, D(2024, 1, 1)).nights(D(2024, 1, 10)) == 10      # open: up to and including as_of


def test_same_day_re_entry_is_one_episode_even_at_another_shelter() -> None:
    stays = [Stay(1, 9, D(2024, 1, 1), D(2024, 2, 1)), Stay(1, 8, D(2024, 2, 1), D(2024, 3, 1))]
    (episode,) = episodes(stays)
    assert (episode.check_in, episode.check_out) == (D(2024, 1, 1), D(2024, 3, 1))
    assert episode.nights_until(D(2024, 12, 31), AS_OF) == 60


def test_next_day_re_entry_is_a_new_episode() -> None:
    stays = [Stay(1, 9, D(2024, 1, 1), D(2024, 2, 1)), Stay(1, 9, D(2024, 2, 2), D(2024, 3, 1))]
    assert len(episodes(stays)) == 2


def test_120_day_figure_counts_the_whole_length_of_a_stay_that_began_before_the_period() -> None:
    # 1 Dec 2023 to 15 Jan 2024: 45 nights, under 120. 1 Oct 2023 to 10 Feb 2024: 132 nights, over.
    stays = [Stay(1, 9, D(2023, 12, 1), D(2024, 1, 15)), Stay(2, 9, D(2023, 10, 1), D(2024, 2, 10))]
    assert long_stays(stays, Q1, AS_OF) == Share(1, 2)


def test_120_day_figure_measures_a_stay_running_past_the_period_only_to_its_end() -> None:
    # In 1 Jan 2024: by 31 Mar it has 91 nights (not over 120), although it lasts 200 nights in all.
    stays = [Stay(1, 9, D(2024, 1, 1), D(2024, 7, 19))]
    assert long_stays(stays, Q1, AS_OF) == Share(0, 1)
    # The next quarter sees it pass 120 nights.
    assert long_stays(stays, Period(D(2024, 4, 1), D(2024, 6, 30)), AS_OF) == Share(1, 1)


def test_120_day_boundary_is_more_than_120_nights() -> None:
    exactly = Stay(1, 9, D(2024, 1, 1), D(2024, 1, 1) + dt.timedelta(days=120))   # 120 nights
    one_more = Stay(2, 9, D(2024, 1, 1), D(2024, 1, 1) + dt.timedelta(days=121))  # 121 nights
    year = Period(D(2024, 1, 1), D(2024, 12, 31))
    assert long_stays([exactly, one_more], year, AS_OF) == Share(1, 2)


def test_open_stays_count_up_to_as_of_or_the_period_end() -> None:
    open_stay = Stay(1, 9, D(2023, 11, 1))
    # Period over: measured to 31 March (152 nights).
    assert long_stays([open_stay], Q1, AS_OF) == Share(1, 1)
    # Period not over: measured to as_of 15 Jan 2024 (76 nights).
    assert long_stays([open_stay], Q1, D(2024, 1, 15)) == Share(0, 1)


def test_stays_outside_the_period_do_not_count() -> None:
    stays = [
        Stay(1, 9, D(2023, 6, 1), D(2024, 1, 1)),   # checked out on 1 Jan: last night 31 Dec, outside
        Stay(2, 9, D(2024, 4, 1), D(2024, 4, 3)),   # after the period
        Stay(3, 9, D(2023, 6, 1), D(2024, 1, 2)),   # last night 1 Jan: inside, 215 nights
    ]
    assert long_stays(stays, Q1, AS_OF) == Share(1, 1)


def test_same_day_re_entry_adds_up_to_one_long_stay() -> None:
    # Two stays of 70 nights each, the second beginning on the day the first ended: one episode of 140.
    stays = [Stay(1, 9, D(2024, 1, 1), D(2024, 3, 11)), Stay(1, 8, D(2024, 3, 11), D(2024, 5, 20))]
    year = Period(D(2024, 1, 1), D(2024, 12, 31))
    assert long_stays(stays, year, AS_OF) == Share(1, 1)
    # With a day between them they are two short stays, and the second is a return.
    apart = [Stay(1, 9, D(2024, 1, 1), D(2024, 3, 11)), Stay(1, 8, D(2024, 3, 12), D(2024, 5, 21))]
    assert long_stays(apart, year, AS_OF) == Share(0, 2)
    assert returns(apart, year, AS_OF) == Share(1, 2)


def test_returns_within_12_months() -> None:
    stays = [
        # citizen 1: out 10 Jan 2023, back 10 Jan 2024 (exactly 12 months): a return
        Stay(1, 9, D(2022, 12, 1), D(2023, 1, 10)), Stay(1, 9, D(2024, 1, 10), D(2024, 1, 20)),
        # citizen 2: out 10 Jan 2023, back 11 Jan 2024: more than 12 months, not a return
        Stay(2, 9, D(2022, 12, 1), D(2023, 1, 10)), Stay(2, 9, D(2024, 1, 11), D(2024, 1, 20)),
        # citizen 3: first stay ever in the period: counted, not a return
        Stay(3, 9, D(2024, 2, 1), D(2024, 2, 5)),
        # citizen 4: same-day re-entry inside the period: one episode that began before it, not counted
        Stay(4, 9, D(2023, 12, 1), D(2024, 1, 5)), Stay(4, 8, D(2024, 1, 5), D(2024, 1, 9)),
        # citizen 5: out and back twice in the period: two returns
        Stay(5, 9, D(2024, 1, 1), D(2024, 1, 3)), Stay(5, 9, D(2024, 1, 10), D(2024, 1, 12)),
        Stay(5, 9, D(2024, 2, 10)),  # open
    ]
    assert returns(stays, Q1, AS_OF) == Share(3, 6)  # citizens 1 and 5 (twice); of 1, 2, 3 and 5 (x3)


def test_returns_only_counts_episodes_beginning_up_to_as_of() -> None:
    stays = [Stay(1, 9, D(2024, 1, 1), D(2024, 1, 3)), Stay(1, 9, D(2024, 3, 1), D(2024, 3, 3))]
    assert returns(stays, Q1, D(2024, 2, 1)) == Share(0, 1)
    assert returns(stays, Q1, AS_OF) == Share(1, 2)


def test_return_window_from_29_february() -> None:
    assert add_months(D(2024, 2, 29), 12) == D(2025, 2, 28)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2024, 12, 15), 12) == D(2025, 12, 15)


def test_young_people_by_age_on_their_first_night_in_the_period() -> None:
    births = {1: D(1999, 1, 15), 2: D(2000, 6, 1), 3: D(1980, 1, 1)}
    stays = [
        Stay(1, 9, D(2023, 12, 1), D(2024, 2, 1)),   # 24 on 1 Jan (first night in the period): young
        Stay(2, 9, D(2024, 3, 1), D(2024, 3, 2)),    # 23: young
        Stay(3, 9, D(2024, 3, 1), D(2024, 3, 2)),    # 44
        Stay(1, 8, D(2024, 3, 1), D(2024, 3, 2)),    # the same citizen again: counted once
    ]
    assert young_people(stays, births, Q1, AS_OF) == Share(2, 3)
    # Turned 25 on 15 Jan 2024, first night in February's period on 1 Feb: not young any more.
    feb = Period(D(2024, 2, 1), D(2024, 2, 29))
    assert young_people([Stay(1, 9, D(2023, 12, 1), D(2024, 2, 5))], births, feb, AS_OF) == Share(0, 1)


def test_daily_occupancy_per_shelter() -> None:
    week = Period(D(2024, 1, 1), D(2024, 1, 7))
    stays = [
        Stay(1, 9, D(2023, 12, 30), D(2024, 1, 3)),   # nights 30 Dec - 2 Jan
        Stay(2, 9, D(2024, 1, 2), D(2024, 1, 2)),     # in and out on 2 Jan: one night
        Stay(3, 9, D(2024, 1, 5)),                    # open
        Stay(4, 8, D(2024, 1, 6), D(2024, 1, 20)),
    ]
    assert daily_occupancy(stays, week, AS_OF) == {8: [0, 0, 0, 0, 0, 1, 1], 9: [1, 2, 0, 0, 1, 1, 1]}
    # Not over yet: only the days up to as_of.
    assert daily_occupancy(stays, week, D(2024, 1, 3)) == {9: [1, 2, 0]}


def test_empty_and_invalid() -> None:
    assert long_stays([], Q1, AS_OF) == Share(0, 0)
    assert Share(0, 0).percent is None
    assert Share(1, 3).percent == 33.3
    assert long_stays([Stay(1, 9, D(2024, 1, 1))], Q1, D(2023, 12, 1)) == Share(0, 0)
    with pytest.raises(ValueError):
        Stay(1, 9, D(2024, 1, 2), D(2024, 1, 1))
    with pytest.raises(ValueError):
        Period(D(2024, 1, 2), D(2024, 1, 1))


def test_time_homeless_runs_over_changing_categories_and_breaks_at_a_gap() -> None:
    from helhed.housing.homelessness import homeless_days, homeless_since

    statuses = [(D(2023, 1, 1), D(2023, 3, 31)),   # an earlier spell
                (D(2023, 6, 1), D(2023, 8, 31)),   # street
                (D(2023, 9, 1), D(2023, 12, 31)),  # shelter, the next day: same spell
                (D(2024, 1, 1), None)]             # sofa surfing, open
    assert homeless_since(statuses, D(2024, 2, 1)) == D(2023, 6, 1)
    assert homeless_days(statuses, D(2024, 2, 1)) == 245
    assert homeless_since(statuses, D(2023, 5, 1)) is None
    assert homeless_days([], D(2024, 2, 1)) == 0
    assert homeless_since([(D(2024, 1, 1), D(2024, 1, 10))], D(2024, 1, 20)) is None
