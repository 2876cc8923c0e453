"""Spiders: navigation, discovery and scan statuses; extraction is delegated to pipelines.extractors."""
