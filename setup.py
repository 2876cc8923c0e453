"""For scrapyd-deploy, which builds the Scrapyd egg with `setup.py bdist_egg`; everything the
build needs is in pyproject.toml (the `scrapy` entry point names the settings)."""

from setuptools import setup

setup()
