"""Keeping Python's cyclic garbage collector out of bulk work.

Loading a workspace and firing events over it allocate many objects that live on; every full
collection would walk all of them again (measured with 150k items: an event cost 189 µs with
the collector scanning, 45 µs with the heap frozen; loading 15k items 2.6 s → 1.5 s paused).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_paused() -> Iterator[None]:
    """For building many long-lived objects (loading): no collection until the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def frozen_heap() -> Iterator[None]:
    """For bulk runs over loaded objects: move them out of the collector's view until the end."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
