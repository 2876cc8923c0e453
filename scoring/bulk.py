"""Pausing Python's cycle collector while scoring builds its bulk data.

Reading a national run creates some 800,000 small sets, tuples and dicts (the findings, then
the rows of the scores). None refers back to another, so the cycle collector finds nothing
in them, but the allocations keep triggering it and each full pass walks every one of them:
about a third of the time of `vigie score` went there. Reference counting still frees them.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off inside the block, then as it was (nested blocks included)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
