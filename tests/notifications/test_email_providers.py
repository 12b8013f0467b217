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
