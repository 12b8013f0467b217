"""`make bench`: serve the site with gunicorn (DEBUG off, 2 workers) and measure it against a trivial view.

Every scenario in bench/scenarios adds its own rows; the trivial view (`/healthz`) is measured in the same
run on the same server, so the ratios hold whatever the machine.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.harness import Result, Row, Target, load  # noqa: E402

BENCH_VAR = ROOT / "var" / "bench"
HOST = "127.0.0.1"


def bench_environment() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fluentory.settings.production",
        "SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": HOST,
        "FLUENTORY_VAR_DIR": str(BENCH_VAR),
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{BENCH_VAR / 'bench.sqlite3'}"),
        "SITE_URL": f"http://{HOST}",
        "COMMERCE_ALLOW_TEST_GATEWAY_IN_PRODUCTION": "true",  # a staging-like run: the demo's orders use it
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


def fmt_result(name: str, result: Result, baseline: Result | None, target: Target | None) -> str:
    ratio = f"{result.rps / baseline.rps:.2f}×" if baseline and baseline.rps else "—"
    goal = f"≥ {target.target_ratio:.2f}×" if target and target.target_ratio else ""
    statuses = " ".join(f"{code}:{count}" for code, count in sorted(result.statuses.items()))
    return (
        f"{name:<38} {result.rps:>9.1f} {result.p50:>9.1f} {result.p95:>9.1f} {ratio:>9} {goal:>8}  "
        f"{statuses}{' errors:' + str(result.errors) if result.errors else ''}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", 5)))
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("BENCH_CONCURRENCY", 4)))
    parser.add_argument("--only", nargs="*", help="scenario module names")
    parser.add_argument("--keep", action="store_true", help="reuse the bench database")
    args = parser.parse_args()

    env = bench_environment()
    if not args.keep and BENCH_VAR.exists():
        shutil.rmtree(BENCH_VAR)
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    print("Preparing the bench database…", flush=True)
    prepare(env, args.only)

    modules = list(scenarios(args.only))
    targets: list[Target] = [t for module in modules if hasattr(module, "targets") for t in module.targets()]
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "fluentory.wsgi",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
            "--keep-alive",
            "5",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up(port)
        trivial = Target("trivial view (/healthz)", "/healthz")
        load(HOST, port, trivial, seconds=1, concurrency=args.concurrency)  # warm-up
        baseline = load(HOST, port, trivial, seconds=args.seconds, concurrency=args.concurrency)
        print()
        print(f"gunicorn, 2 workers, DEBUG off; {args.concurrency} clients, {args.seconds:g} s per row")
        print(f"{'page':<38} {'req/s':>9} {'p50 ms':>9} {'p95 ms':>9} {'ratio':>9} {'target':>8}  statuses")
        print(fmt_result(trivial.name, baseline, None, None))
        for target in targets:
            cookie = session_cookie_for(target.login_as) if target.login_as else ""
            load(HOST, port, target, seconds=0.5, concurrency=1, cookie=cookie)  # warm-up
            result = load(HOST, port, target, seconds=args.seconds, concurrency=args.concurrency, cookie=cookie)
            print(fmt_result(target.name, result, baseline, target), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    rows: list[Row] = [row for module in modules if hasattr(module, "measure") for row in module.measure()]
    if rows:
        print()
        print(f"{'measurement':<50} {'value':>14} {'target':>14}  note")
        for row in rows:
            print(f"{row.name:<50} {row.value:>14} {row.target:>14}  {row.note}")


if __name__ == "__main__":
    main()
