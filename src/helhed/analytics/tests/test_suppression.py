"""Suppression by hand: the rules of ADR 0401 on small tables whose right answer can be read off."""

from __future__ import annotations

from helhed.analytics.suppression import Cell, Suppressed, is_primary, suppress_table

P, S, N = Suppressed.PRIMARY, Suppressed.SECONDARY, Suppressed.NO


def count(breakdown: str, value: str, n: int) -> Cell:
    return Cell(breakdown, value, n, None, float(n))


def share(breakdown: str, value: str, num: int, den: int) -> Cell:
    return Cell(breakdown, value, num, den, num / den if den else None)


def marks(kind: str, cells: list[Cell]) -> dict[str, Suppressed]:
    return {f"{c.breakdown}:{c.breakdown_value}": c.suppressed for c in suppress_table(kind, cells)}


def test_one_small_cell_hides_the_next_smallest_as_well() -> None:
    table = [count("", "", 20), count("unit", "A", 3), count("unit", "B", 7), count("unit", "C", 10)]
    assert marks("count", table) == {":": N, "unit:A": P, "unit:B": S, "unit:C": N}
    published = {c.breakdown_value: c for c in suppress_table("count", table)}
    assert published["A"].numerator is None and published["A"].value is None
    assert published["B"].numerator is None and published["C"].numerator == 10


def test_two_small_cells_protect_each_other() -> None:
    table = [count("", "", 20), count("unit", "A", 3), count("unit", "B", 2), count("unit", "C", 15)]
    assert marks("count", table) == {":": N, "unit:A": P, "unit:B": P, "unit:C": N}


def test_zero_counts_are_published_and_never_chosen_to_hide_another() -> None:
    table = [count("", "", 18), count("unit", "A", 3), count("unit", "Z", 0), count("unit", "B", 6),
             count("unit", "C", 9)]
    assert marks("count", table) == {":": N, "unit:A": P, "unit:Z": N, "unit:B": S, "unit:C": N}


def test_each_breakdown_of_the_same_total_is_protected_on_its_own() -> None:
    table = [
        count("", "", 30),
        count("unit", "A", 4), count("unit", "B", 12), count("unit", "C", 14),
        count("district", "Nord", 15), count("district", "Syd", 15),
        count("target_group", "ung", 2), count("target_group", "voksen", 8),
        count("target_group", "ældre", 20),
    ]
    assert marks("count", table) == {
        ":": N, "unit:A": P, "unit:B": S, "unit:C": N, "district:Nord": N, "district:Syd": N,
        "target_group:ung": P, "target_group:voksen": S, "target_group:ældre": N,
    }


def test_when_nothing_else_can_hide_a_cell_the_total_goes_and_its_other_lines_follow() -> None:
    # Not additive (the unit of 7 citizens is not stored), so the small cell has no partner in its line.
    table = [count("", "", 10), count("unit", "A", 3), count("district", "Nord", 6),
             count("district", "Syd", 4)]
    got = marks("count", table)
    assert got["unit:A"] == P and got[":"] == S and got["district:Syd"] == P
    table = [count("", "", 10), count("unit", "A", 3), count("district", "Nord", 10)]
    assert marks("count", table) == {":": S, "unit:A": P, "district:Nord": S}


def test_a_small_total_hides_everything() -> None:
    table = [count("", "", 4), count("unit", "A", 3), count("unit", "B", 1)]
    assert set(marks("count", table).values()) == {P}


def test_shares_need_five_on_both_sides() -> None:
    assert is_primary("share", share("", "", 4, 50))
    assert is_primary("share", share("", "", 10, 12))  # two who did not: 10 of 12 says too much
    assert is_primary("share", share("", "", 8, 8))  # 100 %
    assert is_primary("share", share("", "", 0, 12))  # 0 % says something about every one of the 12
    assert is_primary("share", share("", "", 3, 4))
    assert not is_primary("share", share("", "", 5, 10))
    assert not is_primary("share", share("", "", 0, 0))  # nobody: no value, nothing to protect


def test_a_share_hides_the_next_smallest_group_and_not_an_empty_one() -> None:
    table = [share("", "", 40, 100), share("unit", "A", 2, 10), share("unit", "E", 0, 0),
             share("unit", "B", 10, 30), share("unit", "C", 28, 60)]
    assert marks("share", table) == {":": N, "unit:A": P, "unit:E": N, "unit:B": S, "unit:C": N}


def test_a_mean_needs_five_citizens() -> None:
    assert is_primary("mean", Cell("", "", 10, 4, 2.5))
    assert not is_primary("mean", Cell("", "", 10, 5, 2.0))


def test_a_published_cell_keeps_its_figures() -> None:
    [total] = suppress_table("share", [share("", "", 30, 60)])
    assert (total.numerator, total.denominator, total.value, total.is_suppressed) == (30, 60, 0.5, False)
