"""Page weight: HTML + CSS + JS loaded before any user action stays under 100 KB per page (images aside)."""

from __future__ import annotations

import re

import pytest

from .sitecheck import html_pages, read_page, resolve_internal

BUDGET = 100 * 1024
LOADED_BY_DEFAULT = re.compile(r"\.(css|js)$")


@pytest.mark.parametrize("which", ["real_site", "demo_site"])
def test_every_page_is_within_budget(which, request):
    site = request.getfixturevalue(which)
    weights = {}
    for url, path in html_pages(site).items():
        assets = {resolve_internal(site, url, link) for link in read_page(path).links}
        loaded = [a for a in assets if a is not None and LOADED_BY_DEFAULT.search(a.name)]
        weights[url] = path.stat().st_size + sum(a.stat().st_size for a in loaded)
    heaviest = sorted(weights.items(), key=lambda item: -item[1])[:5]
    print("heaviest pages:", ", ".join(f"{url} {size / 1024:.1f} KB" for url, size in heaviest))
    assert [url for url, size in weights.items() if size > BUDGET] == []
