"""What a prospective partner needs beyond the profiles: amounts in both currencies, e-mail links written
in advance, and words a search engine can split."""

from __future__ import annotations

import math
import re
from urllib.parse import quote

from .model.types import Commune, Money, Parity, Project

# French elision: a short word ending in an apostrophe, glued to the next word (« d’eau », « l'école »).
_ELISION = re.compile(r"(?<![\w’'])([cdjlmnst]|qu|jusqu|lorsqu|puisqu)([’'])(?=\w)", re.IGNORECASE)
_TAG = re.compile(r"(<[^>]*>)")


def converted(money: Money, parity: Parity | None) -> Money | None:
    """The amount in the parity's other currency, rounded sensibly; None when the parity does not apply."""
    if parity is None:
        return None
    if money.currency == parity.base:
        return Money(rounded(money.amount * parity.rate), parity.quote)
    if money.currency == parity.quote:
        return Money(rounded(money.amount / parity.rate), parity.base)
    return None


def seeking_projects(commune: Commune) -> tuple[Project, ...]:
    """The commune's projects that seek a partner."""
    return tuple(project for project in commune.projects if project.status == "seeking_partner")


def total_budget(projects: tuple[Project, ...], parity: Parity | None) -> Money | None:
    """The projects' budgets added up: in their currency when they share one, else in the parity's base
    currency (rounded); None without budgets, or when a currency cannot be converted."""
    budgets = [project.budget for project in projects if project.budget]
    if not budgets:
        return None
    currencies = {budget.currency for budget in budgets}
    if len(currencies) == 1:
        return Money(sum(budget.amount for budget in budgets), budgets[0].currency)
    if parity is None or not currencies <= {parity.base, parity.quote}:
        return None
    in_base = (b.amount if b.currency == parity.base else b.amount / parity.rate for b in budgets)
    return Money(rounded(sum(in_base)), parity.base)


def in_base_currency(money: Money | None, parity: Parity | None) -> float:
    """An amount in the parity's base currency, for sorting (0 when there is none)."""
    if money is None:
        return 0
    if parity is not None and money.currency == parity.quote:
        return money.amount / parity.rate
    return money.amount


def rounded(amount: float, digits: int = 3) -> int:
    """Rounded to a few significant digits (an equivalent, not an accounting figure): 19 056.4 → 19 100."""
    if amount == 0:
        return 0
    step = 10 ** max(0, math.floor(math.log10(abs(amount))) - digits + 1)
    return int(round(amount / step) * step)


def mailto(recipients: list[str | None], subject: str, body: str) -> str | None:
    """A mailto: address with its subject and body written in advance; None without any recipient."""
    addresses = [address for address in dict.fromkeys(recipients) if address]
    if not addresses:
        return None
    to = ",".join(quote(address, safe="@+") for address in addresses)
    return f"mailto:{to}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def split_elisions(text: str) -> str:
    """The text with each elided word set apart (« d’eau » → « d’ eau »), so that a search index that
    splits words at spaces finds « eau » too. Only for the text given to the index, never shown."""
    parts = _TAG.split(text)
    parts[::2] = [_ELISION.sub(r"\1\2 ", part) for part in parts[::2]]
    return "".join(parts)
