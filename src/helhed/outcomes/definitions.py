"""Instrument definitions (måleredskaber) as data: the file format, read and checked without Django.

An instrument is a versioned JSON document (format in `instruments/README.md`). Adding one needs a file,
never code: the items say what is asked and on which scale, the optional total says how items add up, and
each scored item or total carries the rule by which "reached or improved" is judged (direction, smallest
improvement or reliable change, target or clinical cut-off, or outcome classes on status options).

This module must never import Django or touch a database: it is plain data in, plain data out, so the
rules can be tested and reused (benchmark, exports) without either. Errors name the place in the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

FORMAT = 1
KINDS = ("dimensions", "function_levels", "goal_attainment", "status", "survey", "rating_scale")
ATTACHES_TO = ("plan", "goal")
STATUSES = ("active", "retired")
ITEM_TYPES = ("scale", "count", "choice", "text")
RATERS = ("citizen", "caseworker", "together")
OPTION_OUTCOMES = ("reached", "improved", "unchanged", "deteriorated", "not_reached")
JUDGED_FROM = ("change", "latest")
GOAL_TYPE_RULES = ("improve", "no_worse")
TOTAL_METHODS = ("sum", "mean")
TOTAL_CODE = "total"
NOT_ASSESSED = "not_assessed"
GAS_LEVELS = (-2, -1, 0, 1, 2)
MAX_DECIMALS = 2
VALUE_LIMIT = Decimal("9999999")


class DefinitionError(ValueError):
    """The definition file cannot be used; the message names the place in the file."""


@dataclass(frozen=True)
class Text:
    """A label in Danish and English (Danish is the interface's default language)."""

    da: str
    en: str

    def get(self, language: str | None) -> str:
        return self.en if (language or "da").startswith("en") else self.da


@dataclass(frozen=True)
class Option:
    code: str
    label: Text
    score: Decimal | None = None
    outcome: str | None = None


@dataclass(frozen=True)
class GoalType:
    """The aim for one function (FFB: udvikle, fastholde, begrænse tab af funktionsevne)."""

    code: str
    label: Text
    rule: str
    tolerance: Decimal = Decimal(0)


@dataclass(frozen=True)
class MeasureRule:
    """How "reached or improved" is judged for one measure (a scored item or the total).

    - `higher_is_better` orients change: a positive oriented change is better.
    - improved: oriented change of at least `threshold` (the reliable change where the scale defines one,
      else `min_change`); deteriorated: at least `threshold` the other way.
    - reached: the latest value is at or beyond `target` (a clinical cut-off counts as the target), or, for
      status options, the latest option's outcome class says so.
    - `judged_from`: "change" needs a first and a later assessment; "latest" judges from the latest alone
      (status relative to the start, satisfaction).
    """

    higher_is_better: bool = True
    min_change: Decimal = Decimal(1)
    reliable_change: Decimal | None = None
    target: Decimal | None = None
    cut_off: Decimal | None = None
    judged_from: str = "change"
    option_outcomes: Mapping[str, str] = field(default_factory=dict)
    goal_types: Mapping[str, GoalType] = field(default_factory=dict)

    @property
    def threshold(self) -> Decimal:
        return self.reliable_change if self.reliable_change is not None else self.min_change

    @property
    def direction(self) -> int:
        return 1 if self.higher_is_better else -1


@dataclass(frozen=True)
class Item:
    code: str
    label: Text
    type: str
    help: Text | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    step: Decimal = Decimal(1)
    options: tuple[Option, ...] = ()
    anchors: Mapping[str, Text] = field(default_factory=dict)
    not_assessed: bool = False
    with_goal_type: bool = False
    required: bool = True
    max_length: int = 2000
    rule: MeasureRule | None = None

    @property
    def scored(self) -> bool:
        """Has a number per answer (scales, counts, choices whose options carry scores)."""
        if self.type in ("scale", "count"):
            return True
        return self.type == "choice" and all(o.score is not None for o in self.options)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)


@dataclass(frozen=True)
class Total:
    method: str
    items: tuple[str, ...]
    label: Text
    minimum: Decimal
    maximum: Decimal
    rule: MeasureRule


@dataclass(frozen=True)
class Licence:
    """A licensed instrument loaded by a municipality that holds the licence (never shipped with Helhed)."""

    holder: str
    notice: str


@dataclass(frozen=True)
class Measure:
    """What results are reported on: a scored item, or the total."""

    code: str
    label: Text
    rule: MeasureRule
    minimum: Decimal | None
    maximum: Decimal | None


@dataclass(frozen=True)
class InstrumentDef:
    code: str
    version: int
    status: str
    kind: str
    attaches_to: str
    name: Text
    description: Text
    source: str
    raters: tuple[str, ...]
    default_rater: str
    items: tuple[Item, ...]
    total: Total | None = None
    licence: Licence | None = None
    comparable_with: tuple[int, ...] = ()
    goal_types: Mapping[str, GoalType] = field(default_factory=dict)
    gas_rho: Decimal | None = None
    level_labels: Mapping[int, Text] = field(default_factory=dict)
    checksum: str = ""

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)

    @property
    def is_gas(self) -> bool:
        return self.kind == "goal_attainment"

    def measures(self) -> list[Measure]:
        """The total where the instrument defines one, else every scored item."""
        if self.total is not None:
            t = self.total
            return [Measure(TOTAL_CODE, t.label, t.rule, t.minimum, t.maximum)]
        return [
            Measure(i.code, i.label, i.rule, i.minimum, i.maximum) for i in self.items if i.rule is not None
        ]

    def measure(self, code: str) -> Measure | None:
        return next((m for m in self.measures() if m.code == code), None)


# ---------------------------------------------------------------- reading


def _where(path: str, message: str) -> DefinitionError:
    return DefinitionError(f"{path}: {message}")


def _obj(value: Any, path: str, allowed: frozenset[str] | None = None) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _where(path, "must be an object with named fields")
    if allowed is not None:
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise _where(
                path, f"unknown field {unknown[0]!r} (a typo?); known fields: {', '.join(sorted(allowed))}"
            )
    return value


_TOP = frozenset(
    {
        "format",
        "code",
        "version",
        "status",
        "kind",
        "attaches_to",
        "name",
        "description",
        "source",
        "licence",
        "raters",
        "default_rater",
        "comparable_with",
        "goal_types",
        "items",
        "total",
        "gas",
        "anchors",
        "_about",
    }
)
_RULE = frozenset({"higher_is_better", "min_change", "reliable_change", "target", "cut_off", "judged_from"})
_ITEM = _RULE | {
    "code",
    "type",
    "label",
    "help",
    "min",
    "max",
    "step",
    "options",
    "anchors",
    "not_assessed",
    "goal_type",
    "required",
    "max_length",
}
_OPTION = frozenset({"code", "label", "score", "outcome"})
_TOTAL = _RULE | {"method", "items", "label"}
_GOAL_TYPE = frozenset({"code", "label", "rule", "tolerance"})
_GAS = frozenset({"rho", "level_labels"})
_LICENCE = frozenset({"holder", "notice"})


def _str(
    data: Mapping[str, Any],
    key: str,
    path: str,
    *,
    required: bool = True,
    default: str = "",
    choices: Sequence[str] | None = None,
    max_length: int = 200,
) -> str:
    value = data.get(key, None)
    if value is None:
        if required:
            raise _where(f"{path}.{key}", "is missing")
        return default
    if not isinstance(value, str) or (required and not value.strip()):
        raise _where(f"{path}.{key}", "must be a non-empty text")
    if len(value) > max_length:
        raise _where(f"{path}.{key}", f"is longer than {max_length} characters")
    if choices is not None and value not in choices:
        raise _where(f"{path}.{key}", f"must be one of {', '.join(choices)} (not {value!r})")
    return value


def _code(data: Mapping[str, Any], key: str, path: str) -> str:
    value = _str(data, key, path, max_length=60)
    if not all(c.isascii() and (c.isalnum() or c in "-_") for c in value) or not value[0].isalnum():
        raise _where(f"{path}.{key}", f"{value!r} must use letters, digits, '-' and '_' only")
    return value


def _text(
    data: Mapping[str, Any], key: str, path: str, *, required: bool = True, max_length: int = 500
) -> Text | None:
    value = data.get(key)
    if value is None:
        if required:
            raise _where(f"{path}.{key}", 'is missing (give {"da": ..., "en": ...})')
        return None
    if isinstance(value, str):
        value = {"da": value, "en": value}
    obj = _obj(value, f"{path}.{key}")
    da = _str(obj, "da", f"{path}.{key}", max_length=max_length)
    en = _str(obj, "en", f"{path}.{key}", required=False, default=da, max_length=max_length)
    return Text(da=da, en=en)


def _number(data: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> Decimal | None:
    value = data.get(key)
    if value is None:
        if required:
            raise _where(f"{path}.{key}", "is missing")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _where(f"{path}.{key}", "must be a number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _where(f"{path}.{key}", f"{value!r} is not a number") from None
    if not number.is_finite() or abs(number) > VALUE_LIMIT:
        raise _where(f"{path}.{key}", "must be a finite number of reasonable size")
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -MAX_DECIMALS:
        raise _where(f"{path}.{key}", f"may have at most {MAX_DECIMALS} decimals")
    return number


def _bool(data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise _where(f"{path}.{key}", "must be true or false")
    return value


def _list(data: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> list[Any]:
    value = data.get(key)
    if value is None:
        if required:
            raise _where(f"{path}.{key}", "is missing")
        return []
    if not isinstance(value, list):
        raise _where(f"{path}.{key}", "must be a list")
    return value


def _goal_types(data: Mapping[str, Any], path: str) -> dict[str, GoalType]:
    raw = data.get("goal_types")
    if raw is None:
        return {}
    found: dict[str, GoalType] = {}
    for i, row in enumerate(_list(data, "goal_types", path)):
        where = f"{path}.goal_types[{i}]"
        obj = _obj(row, where, _GOAL_TYPE)
        code = _code(obj, "code", where)
        if code in found:
            raise _where(where, f"the goal type {code!r} appears twice")
        rule = _str(obj, "rule", where, choices=GOAL_TYPE_RULES)
        tolerance = _number(obj, "tolerance", where) or Decimal(0)
        if tolerance < 0:
            raise _where(f"{where}.tolerance", "cannot be negative")
        label = _text(obj, "label", where)
        assert label is not None
        found[code] = GoalType(code=code, label=label, rule=rule, tolerance=tolerance)
    return found


def _rule(
    obj: Mapping[str, Any],
    where: str,
    *,
    minimum: Decimal | None,
    maximum: Decimal | None,
    step: Decimal,
    option_outcomes: Mapping[str, str],
    goal_types: Mapping[str, GoalType],
    default_judged_from: str = "change",
) -> MeasureRule:
    higher = _bool(obj, "higher_is_better", where, True)
    min_change = _number(obj, "min_change", where)
    reliable = _number(obj, "reliable_change", where)
    target = _number(obj, "target", where)
    cut_off = _number(obj, "cut_off", where)
    judged_from = _str(
        obj, "judged_from", where, required=False, default=default_judged_from, choices=JUDGED_FROM
    )
    for name, value in (("min_change", min_change), ("reliable_change", reliable)):
        if value is not None and value <= 0:
            raise _where(f"{where}.{name}", "must be greater than 0")
    for name, value in (("target", target), ("cut_off", cut_off)):
        if (
            value is not None
            and minimum is not None
            and maximum is not None
            and not minimum <= value <= maximum
        ):
            raise _where(f"{where}.{name}", f"must lie on the scale ({minimum} to {maximum})")
    if target is not None and cut_off is not None:
        raise _where(where, "give either a target or a clinical cut_off, not both")
    if option_outcomes and (reliable is not None or target is not None or cut_off is not None):
        raise _where(
            where,
            "options with outcome classes decide by themselves; remove target, cut_off and reliable_change",
        )
    return MeasureRule(
        higher_is_better=higher,
        min_change=min_change if min_change is not None else step,
        reliable_change=reliable,
        target=target if target is not None else cut_off,
        cut_off=cut_off,
        judged_from="latest" if option_outcomes else judged_from,
        option_outcomes=dict(option_outcomes),
        goal_types=dict(goal_types),
    )


def _options(obj: Mapping[str, Any], where: str) -> tuple[Option, ...]:
    rows = _list(obj, "options", where, required=True)
    if len(rows) < 2:
        raise _where(f"{where}.options", "a choice needs at least two options")
    options: list[Option] = []
    for k, row in enumerate(rows):
        ow = f"{where}.options[{k}]"
        o = _obj(row, ow, _OPTION)
        code = _code(o, "code", ow)
        if code == NOT_ASSESSED:
            raise _where(f"{ow}.code", f'{NOT_ASSESSED!r} is reserved: set "not_assessed": true on the item')
        if any(existing.code == code for existing in options):
            raise _where(ow, f"the option {code!r} appears twice")
        outcome = o.get("outcome")
        if outcome is not None and outcome not in OPTION_OUTCOMES:
            raise _where(f"{ow}.outcome", f"must be one of {', '.join(OPTION_OUTCOMES)}")
        label = _text(o, "label", ow)
        assert label is not None
        options.append(Option(code=code, label=label, score=_number(o, "score", ow), outcome=outcome))
    with_outcome = [o for o in options if o.outcome is not None]
    if with_outcome and len(with_outcome) != len(options):
        raise _where(f"{where}.options", "give every option an outcome class, or none")
    with_score = [o for o in options if o.score is not None]
    if with_score and len(with_score) != len(options):
        raise _where(f"{where}.options", "give every option a score, or none")
    return tuple(options)


def _anchors(raw: Any, where: str, minimum: Decimal, maximum: Decimal) -> dict[str, Text]:
    anchors: dict[str, Text] = {}
    for key in _obj(raw, where):
        anchor = _text(raw, key, where, max_length=1000)
        assert anchor is not None
        try:
            point = Decimal(key)
        except InvalidOperation:
            raise _where(f"{where}.{key}", "an anchor's key is a point on the scale") from None
        if not minimum <= point <= maximum:
            raise _where(f"{where}.{key}", "lies outside the scale")
        anchors[str(int(point)) if point == point.to_integral() else str(point)] = anchor
    return anchors


def _item(row: Any, where: str, goal_types: Mapping[str, GoalType], default_anchors: Any) -> Item:
    obj = _obj(row, where, _ITEM)
    code = _code(obj, "code", where)
    if code == TOTAL_CODE:
        raise _where(f"{where}.code", f"{TOTAL_CODE!r} is reserved for the total")
    kind = _str(obj, "type", where, choices=ITEM_TYPES)
    label = _text(obj, "label", where)
    assert label is not None
    help_text = _text(obj, "help", where, required=False, max_length=2000)
    required = _bool(obj, "required", where, kind != "text")
    not_assessed = _bool(obj, "not_assessed", where, False)
    with_goal_type = _bool(obj, "goal_type", where, False)
    if with_goal_type and not goal_types:
        raise _where(f"{where}.goal_type", "the instrument defines no goal_types")
    minimum = maximum = None
    step = Decimal(1)
    options: tuple[Option, ...] = ()
    anchors: dict[str, Text] = {}
    if kind in ("scale", "count"):
        minimum = _number(obj, "min", where, required=True)
        maximum = _number(obj, "max", where, required=True)
        assert minimum is not None and maximum is not None
        if minimum >= maximum:
            raise _where(where, f"min ({minimum}) must be below max ({maximum})")
        step = _number(obj, "step", where) or Decimal(1)
        if step <= 0:
            raise _where(f"{where}.step", "must be greater than 0")
        if kind == "count" and (step != 1 or minimum != int(minimum)):
            raise _where(where, "a count goes in whole steps from a whole number")
        if (maximum - minimum) % step != 0:
            raise _where(where, f"the range {minimum}-{maximum} is not a whole number of steps of {step}")
        if obj.get("anchors") is not None:
            anchors = _anchors(obj["anchors"], f"{where}.anchors", minimum, maximum)
        elif default_anchors:
            anchors = _anchors(default_anchors, "anchors", minimum, maximum)
    elif kind == "choice":
        options = _options(obj, where)
    else:
        if any(k in obj for k in ("min", "max", "options", "target", "cut_off", "reliable_change")):
            raise _where(where, "a text item has no scale, options or rule")
    max_length = int(_number(obj, "max_length", where) or 2000)
    item = Item(
        code=code,
        label=label,
        type=kind,
        help=help_text,
        minimum=minimum,
        maximum=maximum,
        step=step,
        options=options,
        anchors=anchors,
        not_assessed=not_assessed,
        with_goal_type=with_goal_type,
        required=required,
        max_length=max_length,
    )
    if not item.scored and not any(o.outcome for o in options):
        if any(k in obj for k in ("target", "cut_off", "reliable_change", "min_change")):
            raise _where(where, "an item without scores or outcome classes cannot carry a rule")
        return item
    if kind == "choice" and item.scored:
        scores = [o.score for o in options if o.score is not None]
        minimum, maximum = min(scores), max(scores)
    outcomes = {o.code: o.outcome for o in options if o.outcome is not None}
    rule = _rule(
        obj,
        where,
        minimum=minimum,
        maximum=maximum,
        step=step,
        option_outcomes=outcomes,
        goal_types=goal_types if with_goal_type else {},
    )
    return Item(
        code=code,
        label=label,
        type=kind,
        help=help_text,
        minimum=minimum if kind != "choice" else None,
        maximum=maximum if kind != "choice" else None,
        step=step,
        options=options,
        anchors=anchors,
        not_assessed=not_assessed,
        with_goal_type=with_goal_type,
        required=required,
        max_length=max_length,
        rule=rule,
    )


def _total(data: Mapping[str, Any], items: tuple[Item, ...]) -> Total | None:
    raw = data.get("total")
    if raw is None:
        return None
    where = "total"
    obj = _obj(raw, where, _TOTAL)
    method = _str(obj, "method", where, choices=TOTAL_METHODS)
    scored = {i.code: i for i in items if i.scored}
    codes = _list(obj, "items", where) or list(scored)
    if not codes:
        raise _where(where, "there are no scored items to add up")
    for code in codes:
        if code not in scored:
            raise _where(f"{where}.items", f"{code!r} is not a scored item of this instrument")
    if len(set(codes)) != len(codes):
        raise _where(f"{where}.items", "an item appears twice")
    parts = [scored[c] for c in codes]
    lows = [
        i.minimum if i.minimum is not None else min(o.score for o in i.options if o.score is not None)
        for i in parts
    ]
    highs = [
        i.maximum if i.maximum is not None else max(o.score for o in i.options if o.score is not None)
        for i in parts
    ]
    low: Decimal = sum(lows, Decimal(0))
    high: Decimal = sum(highs, Decimal(0))
    if method == "mean":
        low, high = low / len(parts), high / len(parts)
    label = _text(obj, "label", where, required=False) or Text("I alt", "Total")
    rule = _rule(
        obj,
        where,
        minimum=low,
        maximum=high,
        step=Decimal("0.01") if method == "mean" else Decimal(1),
        option_outcomes={},
        goal_types={},
    )
    return Total(method=method, items=tuple(codes), label=label, minimum=low, maximum=high, rule=rule)


def checksum(data: Mapping[str, Any]) -> str:
    """SHA-256 of the definition's content, leaving out its status (retiring a version changes no content)."""
    content = {k: v for k, v in data.items() if k != "status"}
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def parse_definition(data: Any) -> InstrumentDef:
    """Check a definition (the parsed JSON object) and return it as typed data."""
    obj = _obj(data, "definition", _TOP)
    fmt = obj.get("format")
    if fmt != FORMAT:
        raise _where("format", f"must be {FORMAT} (the instrument format this Helhed reads), not {fmt!r}")
    code = _code(obj, "code", "definition")
    version = obj.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 9999:
        raise _where("version", "must be a whole number from 1")
    kind = _str(obj, "kind", "definition", choices=KINDS)
    attaches_to = _str(obj, "attaches_to", "definition", choices=ATTACHES_TO)
    raters = tuple(_list(obj, "raters", "definition") or RATERS)
    for r in raters:
        if r not in RATERS:
            raise _where("raters", f"{r!r} is not a rater; use {', '.join(RATERS)}")
    default_rater = _str(
        obj, "default_rater", "definition", required=False, default=raters[0], choices=raters
    )
    goal_types = _goal_types(obj, "definition")
    rows = _list(obj, "items", "definition", required=True)
    if not rows:
        raise _where("items", "an instrument needs at least one item")
    items = tuple(_item(row, f"items[{i}]", goal_types, obj.get("anchors")) for i, row in enumerate(rows))
    codes = [i.code for i in items]
    duplicate = next((c for c in codes if codes.count(c) > 1), None)
    if duplicate:
        raise _where("items", f"the item {duplicate!r} appears twice")
    total = _total(obj, items)
    if not any(i.rule for i in items) and total is None:
        raise _where("items", "at least one item must be scored or carry outcome classes")
    licence = None
    if obj.get("licence") is not None:
        lic = _obj(obj["licence"], "licence", _LICENCE)
        licence = Licence(
            holder=_str(lic, "holder", "licence"), notice=_str(lic, "notice", "licence", max_length=2000)
        )
    comparable = tuple(_list(obj, "comparable_with", "definition"))
    for v in comparable:
        if isinstance(v, bool) or not isinstance(v, int) or not 1 <= v < version:
            raise _where("comparable_with", "lists earlier version numbers of the same instrument")
    gas_rho = None
    level_labels: dict[int, Text] = {}
    if kind == "goal_attainment":
        if attaches_to != "goal":
            raise _where("attaches_to", 'goal attainment scaling is set up per goal: use "goal"')
        gas = _obj(obj.get("gas") or {}, "gas", _GAS)
        gas_rho = _number(gas, "rho", "gas")
        gas_rho = Decimal("0.3") if gas_rho is None else gas_rho
        if not 0 <= gas_rho < 1:
            raise _where("gas.rho", "must be from 0 up to (not including) 1")
        level = items[0]
        if (
            len(items) != 1
            or level.type != "scale"
            or (level.minimum, level.maximum, level.step) != (-2, 2, 1)
        ):
            raise _where("items", "goal attainment scaling has one item, a scale from -2 to 2 in whole steps")
        labels = _obj(gas.get("level_labels") or {}, "gas.level_labels")
        for n in GAS_LEVELS:
            text = _text(labels, str(n), "gas.level_labels", required=False)
            if text is not None:
                level_labels[n] = text
    name = _text(obj, "name", "definition")
    description = _text(obj, "description", "definition", required=False, max_length=4000) or Text("", "")
    assert name is not None
    return InstrumentDef(
        code=code,
        version=version,
        status=_str(obj, "status", "definition", required=False, default="active", choices=STATUSES),
        kind=kind,
        attaches_to=attaches_to,
        name=name,
        description=description,
        source=_str(obj, "source", "definition", required=False, max_length=1000),
        raters=raters,
        default_rater=default_rater,
        items=items,
        total=total,
        licence=licence,
        comparable_with=comparable,
        goal_types=goal_types,
        gas_rho=gas_rho,
        level_labels=level_labels,
        checksum=checksum(obj),
    )


def read_definition(text: str) -> tuple[dict[str, Any], InstrumentDef]:
    """Parse the JSON text of a definition file; the raw object and the checked definition."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise DefinitionError(
            f"not valid JSON: line {error.lineno}, column {error.colno}: {error.msg}"
        ) from None
    return data, parse_definition(data)
