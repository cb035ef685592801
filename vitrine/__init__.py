"""Vitrine des communes: a static site generator for a programme's communes and progress."""

__version__ = "0.1.0"
