"""Load generation and reporting for `make bench`: wrk drives the server. Figures are printed, never asserted."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field

# Which server a row runs against: the site as deployed, with the whole-page cache off (every request renders,
# fragment caches warm, as just after a publish for a visited page), or with every cache off (a cold render).
STANDARD, RENDER, COLD = "standard", "re-render", "cold"


@dataclass
class Target:
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    login_as: str | None = None  # email of a demo user; the harness signs in and sends the session cookie
    target_ratio: float | None = None  # the goal against the bare view, shown beside the measurement
    server: str = STANDARD
    max_queries: int | None = None  # the goal for the queries one request makes
    note: str = ""


@dataclass
class Row:
    name: str
    value: str
    target: str = ""
    note: str = ""


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # socket errors, timeouts and non-2xx/3xx responses


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit("make bench needs wrk (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk)")
    return path


def load(url: str, *, seconds: float, connections: int, headers: dict[str, str] | None = None) -> Result:
    """Drive `url` with wrk (one thread, `connections` keep-alive connections) and read its summary."""
    command = [
        require_wrk(),
        "-t1",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--latency",
        "--timeout",
        "10s",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return Result(
        rps=float(_find(r"Requests/sec:\s+([\d.]+)", output)),
        p50_ms=_ms(_find(r"\s50%\s+([\d.]+\w+)", output)),
        p99_ms=_ms(_find(r"\s99%\s+([\d.]+\w+)", output)),
        requests=int(_find(r"(\d+) requests in", output)),
        bad=sum(int(n) for n in re.findall(r"(?:Non-2xx or 3xx responses|timeout|read|write|connect) (\d+)", output)),
    )


def _find(pattern: str, text: str) -> str:
    match = re.search(pattern, text)
    if match is None:
        raise RuntimeError(f"unexpected wrk output:\n{text}")
    return match.group(1)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
