"""The crawl's own Scrapy signals, sent with `crawler.signals.send_catch_log`.

They let a component tell others what happened without knowing who listens: the store
pipeline does not know the spider's methods, the spider connects to what it needs.
"""

from __future__ import annotations

# Sent by the store pipeline once a site's transaction committed, with `authority_id`.
# The site spider listens in distributed mode: it releases the site's claim on the queue.
site_stored = object()

# Sent by the robots.txt parser (crawler/robots.py) with `urls`, the sitemaps a robots.txt
# lists. The site spider keeps them for the site's home page.
robots_sitemaps = object()
