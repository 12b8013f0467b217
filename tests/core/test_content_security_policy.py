"""A Content-Security-Policy on every page: strict on the site, the Wagtail admin keeps its inline scripts."""

import re
from pathlib import Path

from wagtail.models import Page

ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>", re.IGNORECASE)


def script_sources(response) -> str:
    policy = response["Content-Security-Policy"]
    return next(part for part in policy.split(";") if part.strip().startswith("script-src"))


def test_a_public_page_allows_only_the_sites_own_scripts(client, site):
    response = client.get("/en/")
    assert script_sources(response).split() == ["script-src", "'self'"]
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert not INLINE_SCRIPT.search(response.content.decode())


def test_the_wagtail_page_editor_renders_with_its_inline_scripts_allowed(client, site, admin_user):
    client.force_login(admin_user)
    home = Page.objects.get(depth=2, locale__language_code="en")
    response = client.get(f"/admin/pages/{home.pk}/edit/")
    assert home.title in response.content.decode()
    assert "'unsafe-inline'" in script_sources(response)


def test_no_site_template_carries_an_inline_script():
    templates = [
        path
        for path in ROOT.glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "wagtailadmin" not in path.parts and "admin" not in path.parts
    ]
    offenders = [str(path.relative_to(ROOT)) for path in templates if INLINE_SCRIPT.search(path.read_text())]
    assert offenders == []
