"""Production fails closed: no free orders, no development defaults on a server, no demo by accident."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from commerce.checks import gateways_for_production
from commerce.gateways import offered_codes

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "fluentory.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
    "ALLOWED_HOSTS": "fluentory.example",
}


def run(args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "STRIPE_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=False
    )


def test_check_deploy_reports_an_error_when_production_has_no_real_gateway():
    result = run(["manage.py", "check", "--deploy"], **PRODUCTION)
    assert result.returncode != 0
    assert "commerce.E001" in result.stderr
    assert "SystemCheckError" in result.stderr


@pytest.mark.parametrize("entry_point", ["fluentory.wsgi", "fluentory.asgi"])
def test_a_production_server_without_a_real_gateway_refuses_to_start(entry_point):
    refused = run(["-c", f"import {entry_point}"], **PRODUCTION)
    assert refused.returncode != 0
    assert "Refusing to start" in refused.stderr and "commerce.E001" in refused.stderr

    started = run(
        ["-c", f"import {entry_point}"], **PRODUCTION, STRIPE_SECRET_KEY="sk_live_x", STRIPE_WEBHOOK_SECRET="w"
    )
    assert started.returncode == 0, started.stderr


def test_a_staging_site_may_opt_in_to_the_test_gateway_loudly():
    result = run(
        ["-c", "import fluentory.wsgi; from commerce.gateways import offered_codes; print(offered_codes())"],
        **PRODUCTION,
        COMMERCE_ALLOW_TEST_GATEWAY_IN_PRODUCTION="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['test']"


@pytest.mark.parametrize(
    "code",
    ["import fluentory.wsgi", "import fluentory.asgi", "from fluentory.celery_app import app; app.conf.broker_url"],
)
def test_a_server_without_a_settings_module_fails_for_want_of_a_secret_key(code):
    result = run(["-c", code])
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_manage_py_still_defaults_to_the_local_settings():
    result = run(
        [
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.SETTINGS_MODULE)",
        ]
    )
    assert result.stdout.strip() == "fluentory.settings.local", result.stderr


def test_production_settings_never_offer_the_test_gateway_even_when_named(settings):
    settings.COMMERCE_GATEWAYS = ["test"]
    settings.COMMERCE_TEST_GATEWAY_ALLOWED = False
    assert offered_codes() == []
    assert [problem.id for problem in gateways_for_production(None)] == ["commerce.E001"]


def test_stripe_without_its_secret_key_is_no_real_gateway(settings):
    settings.COMMERCE_GATEWAYS = ["stripe"]
    settings.COMMERCE_TEST_GATEWAY_ALLOWED = False
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    assert [problem.id for problem in gateways_for_production(None)] == ["commerce.E001"]
    settings.STRIPE_SECRET_KEY = "sk_live_x"
    assert gateways_for_production(None) == []


@pytest.mark.django_db
def test_seed_demo_refuses_under_production_settings_unless_forced(settings):
    settings.DEMO_SEED_ALLOWED = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    from accounts.models import User

    assert not User.objects.exists()


def celery(command, tmp_path, **env):
    """A Celery process under production settings, on a filesystem broker in `tmp_path` (no server needed)."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"STRIPE_SECRET_KEY", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "fluentory.celery_app", *command],
        cwd=ROOT,
        env={**clean, **PRODUCTION, "FLUENTORY_VAR_DIR": str(tmp_path), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


@pytest.mark.parametrize("command", [["worker", "--pool=solo"], ["beat"]], ids=["worker", "beat"])
def test_a_production_worker_or_beat_without_a_real_gateway_refuses_to_start(command, tmp_path):
    process = celery([*command, "--loglevel=info"], tmp_path)
    try:
        output, _ = process.communicate(timeout=120)
    finally:
        process.kill()  # one that started anyway must not outlive the test
        process.wait()
    assert process.returncode == 1, output
    assert "Refusing to start" in output and "commerce.E001" in output


def test_a_production_worker_with_a_real_gateway_starts(tmp_path):
    process = celery(
        ["worker", "--pool=solo", "--loglevel=info"], tmp_path, STRIPE_SECRET_KEY="sk_live_x", STRIPE_WEBHOOK_SECRET="w"
    )
    lines = []
    try:
        for line in process.stdout:  # ends when the process does: a refusal fails the assertion below
            lines.append(line)
            if " ready." in line:
                break
    finally:
        process.kill()
        process.wait()
    assert any(" ready." in line for line in lines), "".join(lines)
    assert not any("Refusing to start" in line for line in lines)
