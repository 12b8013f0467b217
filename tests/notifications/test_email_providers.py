"""Every ESP the README documents loads with django-anymail under its own setting names."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.mail import get_connection
from django.test import override_settings

from fluentory.settings.email import API_KEY_SETTING, anymail_settings

ROOT = Path(__file__).resolve().parents[2]


def documented_esps() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    row = next(line for line in readme.splitlines() if line.startswith("| `ANYMAIL_ESP`"))
    return re.findall(r"`([a-z_]+)`", row.split("|")[3])


def test_the_readme_documents_every_supported_esp():
    assert sorted(documented_esps()) == sorted(API_KEY_SETTING)


@pytest.mark.parametrize("esp", documented_esps())
def test_each_documented_esp_backend_loads_with_its_key(esp):
    with override_settings(ANYMAIL=anymail_settings(esp, "a-key"), AWS_DEFAULT_REGION="eu-west-1"):
        backend = get_connection(f"anymail.backends.{esp}.EmailBackend")
    assert type(backend).__module__ == f"anymail.backends.{esp}"


def test_the_documented_postmark_configuration_builds_a_working_backend():
    env = {**os.environ, "ANYMAIL_ESP": "postmark", "ANYMAIL_API_KEY": "server-token"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = "from django.conf import settings; from django.core.mail import get_connection; "
    code += "print(get_connection(settings.OUTBOX_DELIVERY_BACKEND).server_token)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "server-token", result.stderr


def test_an_unknown_esp_or_a_missing_key_is_refused_clearly():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="ANYMAIL_ESP must be one of"):
        anymail_settings("pigeon", "a-key")
    with pytest.raises(ImproperlyConfigured, match="needs ANYMAIL_API_KEY"):
        anymail_settings("postmark", "")


@pytest.mark.django_db
@pytest.mark.parametrize("esp", documented_esps())
def test_each_documented_esps_tracking_webhook_is_served_behind_the_secret(client, esp):
    secret = "provider:a-webhook-secret"
    config = anymail_settings(esp, "a-key", webhook_secret=secret, webhook_signing_key="a-signing-key")
    with override_settings(ANYMAIL=config, AWS_DEFAULT_REGION="eu-west-1"):
        response = client.post(f"/anymail/{esp}/tracking/", data="{}", content_type="application/json")
    assert config["WEBHOOK_SECRET"] == secret
    # No credentials: refused before anything is read (401 for SES, whose SNS sends credentials when challenged).
    assert response.status_code in {400, 401}


def test_a_webhook_secret_must_be_user_and_password():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="user:password"):
        anymail_settings("postmark", "a-key", webhook_secret="no-colon")


def test_production_with_a_provider_refuses_to_start_without_the_webhook_secret():
    env = {k: v for k, v in os.environ.items() if k != "ANYMAIL_WEBHOOK_SECRET"}
    env.update(
        DJANGO_SETTINGS_MODULE="fluentory.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        ANYMAIL_ESP="postmark",
        ANYMAIL_API_KEY="server-token",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "ANYMAIL_WEBHOOK_SECRET" in result.stderr


def test_production_with_mailgun_refuses_to_start_without_its_webhook_signing_key():
    env = {k: v for k, v in os.environ.items() if k != "ANYMAIL_WEBHOOK_SIGNING_KEY"}
    env.update(
        DJANGO_SETTINGS_MODULE="fluentory.settings.production",
        SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        ANYMAIL_ESP="mailgun",
        ANYMAIL_API_KEY="key-123",
        ANYMAIL_WEBHOOK_SECRET="provider:a-webhook-secret",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "ANYMAIL_WEBHOOK_SIGNING_KEY" in result.stderr


def test_only_the_tracking_webhook_of_the_provider_in_use_is_served():
    from fluentory.settings.email import tracking_webhooks

    secret = {"WEBHOOK_SECRET": "provider:a-webhook-secret"}
    assert tracking_webhooks("postmark", secret) == ["postmark_tracking_webhook"]
    assert tracking_webhooks("mailgun", secret) == []  # not before its signing key is set
    assert tracking_webhooks("mailgun", {**secret, "MAILGUN_WEBHOOK_SIGNING_KEY": "k"}) == ["mailgun_tracking_webhook"]
    assert tracking_webhooks("postmark", {}) == []


@pytest.mark.django_db
@pytest.mark.parametrize("esp_path", ["postmark/inbound/", "mandrill/tracking/", "postal/tracking/"])
def test_no_inbound_or_unused_provider_webhook_is_served(client, esp_path):
    response = client.post(f"/anymail/{esp_path}", data="{}", content_type="application/json", follow=True)
    assert response.status_code == 404
