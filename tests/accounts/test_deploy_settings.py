import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_production_settings_pass_check_deploy_with_no_warnings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set for browser tests only
        "DJANGO_SETTINGS_MODULE": "fluentory.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-" + "k" * 40,
        "ALLOWED_HOSTS": "fluentory.example",
        "STRIPE_SECRET_KEY": "sk_live_placeholder",
        "STRIPE_WEBHOOK_SECRET": "whsec_placeholder",
        "ANYMAIL_ESP": "postmark",
        "ANYMAIL_API_KEY": "postmark-placeholder",
        "ANYMAIL_WEBHOOK_SECRET": "postmark:webhook-placeholder",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "fluentory.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_local_defaults_pass_every_check_with_no_warnings(tmp_path):
    """What `make run` starts with (SQLite): no model or index it cannot build is declared, not even a warning."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env["FLUENTORY_VAR_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--database", "default", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
