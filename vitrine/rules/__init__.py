"""Cross-file rules: what JSON Schema cannot see (vocabularies, slugs, translations, photos, dates, links),
split by when they run: settings first, then each commune as it is read, then the rules across files."""

from __future__ import annotations

from .across import AcrossRules
from .commune import CommuneRules
from .settings import SettingsRules
from .shared import CheckMemo

__all__ = ["CheckMemo", "CrossFileRules"]


class CrossFileRules(SettingsRules, CommuneRules, AcrossRules):
    """Every cross-file rule, sharing one problem list and the settings they read (RuleContext)."""
