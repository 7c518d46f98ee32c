"""CPU time of a benchmark's two processes, for a machine shared with other work: on a
loaded 2-core machine the wall clock is mostly waiting, the CPU seconds are the work.

:func:`database_cpu` reads the CPU time (user + system) of this Django connection's
PostgreSQL backend from ``/proc`` (a local server, readable by this user); ``None``
elsewhere (SQLite runs inside this process: its time is the process's).
"""

from __future__ import annotations

import os
import time
from pathlib import Path


def database_cpu() -> float | None:
    """CPU seconds the PostgreSQL backend of ``django.db.connection`` has used so far,
    or None (not PostgreSQL, or its process not readable here)."""
    from django.db import connection  # noqa: PLC0415 - after django.setup()

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Clocks:
    """Wall, this process's CPU and the database backend's CPU between ``start()`` and
    ``stop()``, and the load average at the end (1 minute)."""

    def start(self) -> Clocks:
        self.db0 = database_cpu()
        self.wall0, self.cpu0 = time.perf_counter(), time.process_time()
        return self

    def stop(self) -> dict:
        wall, cpu = time.perf_counter() - self.wall0, time.process_time() - self.cpu0
        db1 = database_cpu()
        out = {
            "wall_s": round(wall, 2),
            "process_cpu_s": round(cpu, 2),
            "database_cpu_s": None if db1 is None or self.db0 is None else round(db1 - self.db0, 2),
            "load_average_1m": round(os.getloadavg()[0], 2),
        }
        out["cpu_s"] = round(cpu + (out["database_cpu_s"] or 0), 2)
        return out
