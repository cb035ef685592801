"""Results indicators (IATI results shape): actual values computed from the communes' progress files."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

Communes = Iterable  # of model.Commune; kept loose to avoid an import cycle with model.py


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    actual: float | None


@dataclass(frozen=True)
class Indicator:
    id: str
    label: dict[str, str]
    unit: dict[str, str]
    ascending: bool
    baseline_year: int
    baseline: float
    target: float | None
    target_source: str | None
    measure: dict
    actual: float | None
    progress: float | None  # (actual - baseline) / (target - baseline), None without a target
    status: str | None  # done, on_track, late; None when it cannot be judged
    periods: tuple[Period, ...]

    @property
    def reported(self) -> bool:
        """False while no commune has reported what the indicator measures: its actual is unknown, not 0."""
        return self.actual is not None


def measure_function(measure: dict) -> Callable[[Communes, date], float | None]:
    """How to compute one indicator's value at a date, from its `measure` in programme.yaml."""
    if "communes_at_step" in measure:
        step = measure["communes_at_step"]
        return lambda communes, at: sum(
            1
            for c in communes
            for s in c.steps
            if s.milestone.id == step and s.status == "done" and (s.date or c.updated) <= at
        )
    if "partnerships_at_stage" in measure:
        stage = measure["partnerships_at_stage"]
        return lambda communes, at: sum(
            1 for c in communes for p in c.partnerships if p.stage == stage and p.date <= at
        )
    if "funds_in" in measure:
        currency = measure["funds_in"]
        return lambda communes, at: sum(
            f.amount for c in communes for f in c.funds if f.currency == currency and f.date <= at
        )
    if "staff_trained" in measure:
        component = measure["staff_trained"]
        return lambda communes, at: sum(
            t.participants
            for c in communes
            for t in c.trainings
            if component in ("all", t.component.id) and t.date <= at
        )
    return _women_percent


def reported_function(measure: dict) -> Callable[[Communes, date], bool]:
    """Whether any commune had reported, by a date, what an indicator measures. Until then its value is
    not known (an empty cell is "not known", never 0)."""
    if "communes_at_step" in measure:
        step = measure["communes_at_step"]
        return lambda communes, at: any(
            s.milestone.id == step and s.status and (s.date or c.updated) <= at
            for c in communes
            for s in c.steps
        )
    if "partnerships_at_stage" in measure:
        return lambda communes, at: any(p.date <= at for c in communes for p in c.partnerships)
    if "funds_in" in measure:
        return lambda communes, at: any(f.date <= at for c in communes for f in c.funds)
    return lambda communes, at: any(t.date <= at for c in communes for t in c.trainings)


def _women_percent(communes: Communes, at: date) -> float | None:
    trainings = [t for c in communes for t in c.trainings if t.date <= at]
    participants = sum(t.participants for t in trainings)
    return round(100 * sum(t.women for t in trainings) / participants, 1) if participants else None


def elapsed_share(start: date, end: date, at: date) -> float:
    """Share of the programme's time elapsed at a date, between 0 and 1."""
    return min(1.0, max(0.0, (at - start).days / (end - start).days))


def judge(
    actual: float | None, baseline: float, target: float | None, elapsed: float
) -> tuple[float | None, str | None]:
    """Progress towards the target, and a status against the time elapsed."""
    if actual is None or target is None or target == baseline:
        return None, None
    progress = (actual - baseline) / (target - baseline)
    if progress >= 1:
        return progress, "done"
    return progress, "on_track" if progress >= elapsed else "late"


def compute_indicators(
    definitions: list[dict],
    communes: Communes,
    start: date,
    end: date,
    as_of: date,
    period_starts: list[date],
) -> tuple[Indicator, ...]:
    communes = tuple(communes)
    elapsed = elapsed_share(start, end, as_of)
    indicators = []
    for definition in definitions:
        measured = measure_function(definition["measure"])
        reported = reported_function(definition["measure"])

        def value_at(communes, at, measured=measured, reported=reported):
            return measured(communes, at) if reported(communes, at) else None

        actual = value_at(communes, as_of)
        baseline = definition["baseline"]["value"]
        target = definition["target"]["value"]
        progress, status = judge(actual, baseline, target, elapsed)
        bounds = list(zip(period_starts, [*period_starts[1:], end], strict=True))
        periods = tuple(
            Period(first, last, value_at(communes, min(last, as_of)))
            for first, last in bounds
            if first <= as_of
        )
        indicators.append(
            Indicator(
                definition["id"],
                definition["label"],
                definition["unit"],
                definition["ascending"],
                definition["baseline"]["year"],
                baseline,
                target,
                definition["target"].get("source"),
                definition["measure"],
                actual,
                progress,
                status,
                periods,
            )
        )
    return tuple(indicators)
