"""`make bench`: serve the site with gunicorn (production settings, 2 workers) and drive it with wrk.

Every row is measured right after the limit, a bare Django view (`/healthz`: no page-cache lookup, a constant
response) on the same server, so each ratio compares two figures taken under the same load on the machine.
Public pages run three ways: from the page cache, re-rendered (page cache off, fragment caches warm) and cold
(every cache off), each with the queries and cache calls one request makes.
"""

from __future__ import annotations

import argparse
import http.client
import importlib
import os
import pkgutil
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import COLD, RENDER, STANDARD, Result, Row, Target, load, require_wrk  # noqa: E402

BENCH_VAR = ROOT / "var" / "bench"
HOST = "127.0.0.1"
BARE_PATH = "/healthz"
SERVER_SETTINGS = {
    STANDARD: {},
    RENDER: {"CMS_PAGE_CACHE_SECONDS": "0"},
    COLD: {"DJANGO_SETTINGS_MODULE": "bench.cold_settings"},
}


def bench_environment() -> dict[str, str]:
    database = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fluentory.settings.production",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": HOST,
        "FLUENTORY_VAR_DIR": str(BENCH_VAR),
        "DATABASE_URL": database or f"sqlite:///{BENCH_VAR / 'bench.sqlite3'}",
        "SITE_URL": f"http://{HOST}",
        "COMMERCE_ALLOW_TEST_GATEWAY_IN_PRODUCTION": "true",  # a staging-like run: the demo's orders use it
        "SERVE_PUBLIC_MEDIA": "true",
        "API_ANONYMOUS_RATE_LIMIT": "1000000/second",  # the load generator is one address
    }


def scenarios(only: list[str] | None):
    import bench.scenarios as package

    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if only and info.name not in only:
            continue
        yield importlib.import_module(f"bench.scenarios.{info.name}")


def prepare(env: dict[str, str], only: list[str] | None) -> None:
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))  # noqa: SIM115
    for module in scenarios(only):
        if hasattr(module, "prepare"):
            print(f"  preparing {module.__name__.rsplit('.', 1)[-1]}…", flush=True)
            module.prepare()
    from core import planner_statistics

    planner_statistics.refresh()  # as autovacuum would have on a server that had been running


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def session_cookie_for(email: str) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(email=email)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def wait_until_up(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def settle(port: int, path: str = BARE_PATH, headers: dict[str, str] | None = None) -> None:
    """One request answered in full: the workers are warm for `path`, and done with the previous row's load."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
    try:
        connection.request("GET", path, headers={"Host": HOST, **(headers or {})})
        connection.getresponse().read()
    finally:
        connection.close()


def start_server(env: dict[str, str], port: int, overrides: dict[str, str]) -> subprocess.Popen:
    command = [sys.executable, "-m", "gunicorn", "fluentory.wsgi", "--workers", "2", "--bind", f"{HOST}:{port}"]
    command += ["--log-level", "warning", "--keep-alive", "5"]
    server = subprocess.Popen(command, cwd=ROOT, env={**env, **overrides})
    wait_until_up(port)
    return server


def request_cost(target: Target) -> tuple[int, int, int, str]:
    """(status, queries, cache calls, X-Page-Cache) of one request as the target's server would answer it."""
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client(HTTP_HOST=HOST, headers=target.headers)
    if target.login_as:
        client.force_login(User.objects.get(email=target.login_as))
    with override_settings(CMS_PAGE_CACHE_SECONDS=0) if target.server != STANDARD else _nothing():
        client.get(urlsplit(target.path).path)  # renditions made, fragments (and the page, for a hit) stored
        client.get(target.path)
        if target.server == COLD:
            for cache in caches.all():
                cache.clear()
        calls = _count_calls(caches["default"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(target.path)
        calls.stop()
    return response.status_code, len(queries), calls.count, response.get("X-Page-Cache", "")


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        return False


class _count_calls:
    """Counts calls to a cache backend's public methods (one call is one round trip to Redis)."""

    METHODS = ("get", "get_many", "set", "set_many", "add", "delete", "delete_many", "incr", "get_or_set", "has_key")

    def __init__(self, backend):
        self.backend, self.count, self.depth = backend, 0, 0
        for name in self.METHODS:
            setattr(backend, name, self._counting(getattr(backend, name)))

    def _counting(self, method):
        def counted(*args, **kwargs):
            self.count += not self.depth  # a backend's get_many may loop over its own get
            self.depth += 1
            try:
                return method(*args, **kwargs)
            finally:
                self.depth -= 1

        return counted

    def stop(self):
        for name in self.METHODS:
            self.backend.__dict__.pop(name, None)


def ratio(result: Result, bare: Result) -> float:
    return result.rps / bare.rps if bare.rps else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 5)))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS", 4)))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 0)), help="first of 3 ports")
    parser.add_argument("--only", nargs="*", help="scenario module names")
    parser.add_argument("--keep", action="store_true", help="reuse the bench database")
    args = parser.parse_args()
    require_wrk()

    env = bench_environment()
    if not args.keep and BENCH_VAR.exists():
        shutil.rmtree(BENCH_VAR)
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    print("Preparing the bench database…", flush=True)
    prepare(env, args.only)

    from django.conf import settings

    modules = list(scenarios(args.only))
    targets: list[Target] = [t for module in modules if hasattr(module, "targets") for t in module.targets()]
    print("Counting queries and cache calls per request…", flush=True)
    costs = {id(target): request_cost(target) for target in targets}
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]

    print()
    print(f"gunicorn, 2 workers, production settings, {database}, {cache}; wrk, {args.connections} connections,")
    print(f"{args.seconds:g} s per row, each row right after the bare view ({BARE_PATH}) on the same server")
    header = f"{'row':<46} {'server':<9} {'bare/s':>7} {'req/s':>7} {'× bare':>6} {'goal':>6} {'p50 ms':>7} "
    print(header + f"{'p99 ms':>7} {'queries':>8} {'cache':>5}  check")
    ratios: dict[tuple[str, str], float] = {}
    for index, kind in enumerate((STANDARD, RENDER, COLD)):
        rows = [target for target in targets if target.server == kind]
        if not rows:
            continue
        port = args.port + index if args.port else free_port()
        server = start_server(env, port, SERVER_SETTINGS[kind])
        try:
            base = f"http://{HOST}:{port}"
            for target in rows:
                headers = dict(target.headers)
                if target.login_as:
                    headers["Cookie"] = session_cookie_for(target.login_as)
                for _worker in range(2):
                    settle(port, target.path, headers)
                load(base + target.path, seconds=1, connections=args.connections, headers=headers)  # warm-up
                settle(port)
                bare = load(base + BARE_PATH, seconds=args.seconds, connections=args.connections)
                result = load(base + target.path, seconds=args.seconds, connections=args.connections, headers=headers)
                ratios[(target.name, kind)] = ratio(result, bare)
                print(format_row(target, kind, bare, result, costs[id(target)]), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)

    print_page_summary(ratios)
    rows: list[Row] = [row for module in modules if hasattr(module, "measure") for row in module.measure()]
    if rows:
        print()
        print(f"{'measurement':<50} {'value':>14} {'target':>14}  note")
        for row in rows:
            print(f"{row.name:<50} {row.value:>14} {row.target:>14}  {row.note}")


def print_page_summary(ratios: dict[tuple[str, str], float]) -> None:
    """Each public page's three ratios against the bare view side by side."""
    pages = sorted({name for name, kind in ratios if kind != STANDARD})
    if not pages:
        return
    print()
    print(f"{'page (× bare view)':<46} {'hit':>9} {'re-render':>9} {'cold':>9}")
    for name in pages:
        cells = [ratios.get((name, kind)) for kind in (STANDARD, RENDER, COLD)]
        print(f"{name:<46} " + " ".join(f"{cell:>8.2f}×" if cell is not None else f"{'—':>9}" for cell in cells))


def format_row(target: Target, kind: str, bare: Result, result: Result, cost) -> str:
    status, queries, cache_calls, page_cache = cost
    goal = f"{target.target_ratio:.2f}×" if target.target_ratio else ""
    share = ratio(result, bare)
    checks = [str(status)] + ([f"page cache {page_cache}"] if page_cache else [])
    if target.target_ratio:
        checks.append("ok" if share >= target.target_ratio else "BELOW GOAL")
    if target.max_queries is not None:
        checks.append(f"≤ {target.max_queries} queries " + ("ok" if queries <= target.max_queries else "OVER"))
    if result.bad:
        checks.append(f"{result.bad} bad responses")
    return (
        f"{target.name:<46} {kind:<9} {bare.rps:>7.0f} {result.rps:>7.0f} {share:>5.2f}× {goal:>6} "
        f"{result.p50_ms:>7.1f} {result.p99_ms:>7.1f} {queries:>8} {cache_calls:>5}  {', '.join(checks)}"
    )


if __name__ == "__main__":
    main()
