"""Model stage: typed, frozen objects built from valid content, with every derived figure computed once.

types: what the pages show; programme: the settings, sources and dates; commune: one commune from its
files; texts: pitches, news and pages per language; totals: the programme's figures; builder: the stage.
"""
