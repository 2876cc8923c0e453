"""Vigie: crawl, extract, score and report on French local authorities' websites."""

__version__ = "0.1.0"
