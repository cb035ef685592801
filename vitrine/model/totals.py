"""The programme's totals: by region and theme, per step, partnerships, funds, trainings, indicators and
calendar."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from datetime import date
from typing import Any

from ..indicators import compute_indicators, elapsed_share
from .types import (
    PARTNERSHIP_STAGES,
    Commune,
    Group,
    Money,
    Programme,
    RegionSummary,
    StepCount,
    add_months,
    programme_month,
)


def programme_totals(programme: Programme, communes: tuple[Commune, ...], as_of: date) -> dict[str, Any]:
    """The model's figures about the whole programme: by region and theme, per step, partnerships, funds,
    trainings, indicators and the calendar."""
    by_region = tuple(
        Group(region, tuple(c for c in communes if c.region == region))
        for region in programme.regions
        if any(c.region == region for c in communes)
    )
    stages = Counter(p.stage for c in communes for p in c.partnerships)
    funds: dict[str, float] = defaultdict(int)
    for commune in communes:
        for fund in commune.funds:
            funds[fund.currency] += fund.amount
    period_starts = [
        add_months(programme.start, months)
        for months in range(0, programme.duration_months, programme.reporting_period_months)
    ]
    return {
        "by_region": by_region,
        "by_theme": tuple(
            Group(theme, tuple(c for c in communes if theme in c.themes)) for theme in programme.themes
        ),
        "step_counts": _count_steps(programme, communes),
        "partnerships_by_stage": {stage: stages.get(stage, 0) for stage in PARTNERSHIP_STAGES},
        "funds_by_currency": tuple(Money(amount, currency) for currency, amount in sorted(funds.items())),
        "communes_reporting": sum(1 for c in communes if c.reported_anything),
        "programme_month": programme_month(programme, as_of),
        "elapsed": elapsed_share(programme.start, programme.end, as_of),
        "indicators": compute_indicators(
            list(programme.indicator_definitions),
            communes,
            programme.start,
            programme.end,
            as_of,
            period_starts,
        ),
        "trained_by_component": tuple(
            (
                component,
                sum(t.participants for c in communes for t in c.trainings if t.component == component),
                sum(t.women for c in communes for t in c.trainings if t.component == component),
            )
            for component in programme.components
        ),
        "regions_summary": tuple(
            RegionSummary(
                region,
                len(members),
                sum(1 for c in members if c.reported_anything),
                sum(c.steps_done for c in members),
                sum(c.agreements_signed for c in members),
                len(members) * programme.total_steps,
            )
            for region, members in by_region
        ),
        "stale_communes": tuple(c for c in communes if c.stale),
    }


def sort_key(name: str) -> str:
    # Sort "Agoè-Nyivé 1" with A and "Éa" with E: compare without accents.
    return "".join(
        ch for ch in unicodedata.normalize("NFD", name.casefold()) if not unicodedata.combining(ch)
    )


def _count_steps(programme: Programme, communes: tuple[Commune, ...]) -> tuple[StepCount, ...]:
    counts = []
    for index, milestone in enumerate(programme.milestones):
        statuses = Counter(c.steps[index].status for c in communes)
        counts.append(
            StepCount(
                milestone,
                statuses["done"],
                statuses["in_progress"],
                statuses["planned"],
                statuses[None],
                index + 1,
            )
        )
    return tuple(counts)
