"""Bulk allocation without the cyclic garbage collector's repeated passes."""

from __future__ import annotations

import contextlib
import gc


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector for a loop that allocates many small
    objects without reference cycles (the screening's 100,000 explained reasons): the
    collector's passes over a large heap cost more than the loop itself (60 % of
    building 150,000 reasons here). Reference counting still frees everything; the
    collector is re-enabled afterwards if it was on. In: nothing; out: nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
