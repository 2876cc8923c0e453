"""Extraction (pure functions over pages) and the thin Scrapy pipelines that store sites."""
