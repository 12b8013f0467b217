"""Load generation and reporting for `make bench`. Figures are measured, printed, never asserted."""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Target:
    name: str
    path: str
    method: str = "GET"
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    login_as: str | None = None  # email of a demo user; the harness logs in and sends the session cookie
    target_ratio: float | None = None  # the goal, shown beside the measurement
    note: str = ""


@dataclass
class Row:
    name: str
    value: str
    target: str = ""
    note: str = ""


@dataclass
class Result:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    statuses: dict[int, int]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, pct: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))
        return ordered[index]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else 0.0

    @property
    def p95(self) -> float:
        return self.percentile(95)


def load(host: str, port: int, target: Target, *, seconds: float, concurrency: int, cookie: str = "") -> Result:
    """Send requests from `concurrency` threads for `seconds`, each thread on one keep-alive connection."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    headers = {"Host": f"{host}:{port}", **target.headers}
    if cookie:
        headers["Cookie"] = cookie

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection(host, port, timeout=30)
        local_lat, local_status, local_err = [], {}, 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                conn.request(target.method, target.path, body=target.body, headers=headers)
                response = conn.getresponse()
                response.read()
                local_status[response.status] = local_status.get(response.status, 0) + 1
                if response.status >= 500:
                    local_err += 1
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection(host, port, timeout=30)
            except (OSError, http.client.HTTPException):
                local_err += 1
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                continue
            local_lat.append((time.perf_counter() - started) * 1000)
        conn.close()
        with lock:
            latencies.extend(local_lat)
            for status, count in local_status.items():
                statuses[status] = statuses.get(status, 0) + count
            errors += local_err

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return Result(len(latencies), errors, elapsed, latencies, statuses)
