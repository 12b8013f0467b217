"""Races for tests on PostgreSQL: work run at once in threads, each on its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def run_in_threads(count: int, work: Callable[[], object], *, together: bool = True) -> list:
    """`work()` in `count` threads released together (unless `together` is False); answers their results.

    An exception in a thread fails the test here rather than being lost with the thread."""
    results, errors, lock = [], [], threading.Lock()
    start = threading.Barrier(count) if together else None

    def runner():
        try:
            if start is not None:
                start.wait(timeout=30)
            result = work()
            with lock:
                results.append(result)
        except Exception as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results
