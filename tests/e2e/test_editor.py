"""An editor writes, previews and submits a page; an admin approves it; it is translated to Arabic and unpublished."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cms.models import StandardPage
from tests.e2e.conftest import sign_out
from tests.factories import PASSWORD, UserFactory


def admin_login(page, email):
    sign_out(page)
    page.goto("/admin/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_editor_page_goes_through_moderation_translation_and_unpublishing(page, e2e_site):
    editor = UserFactory(email="eddie@example.test", is_student=False)
    editor.groups.add(Group.objects.get(name="Editors"))
    admin = UserFactory(email="ada@example.test", admin=True)
    home = e2e_site["en"]

    # The editor writes a page and looks at it in the preview panel.
    admin_login(page, editor.email)
    page.goto(f"/admin/pages/add/cms/standardpage/{home.pk}/")
    page.fill("#id_title", "Refund policy")
    page.fill("#id_intro", "How refunds work at Fluentory, step by step.")
    page.get_by_role("button", name="Toggle preview").click()
    preview = page.frame_locator("iframe[title]").first
    expect(preview.locator("h1")).to_have_text("Refund policy", timeout=20_000)

    # Editors cannot publish: they submit to the moderators.
    expect(page.get_by_role("button", name="Publish")).to_have_count(0)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name=re.compile("Submit to Moderators approval")).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    draft = StandardPage.objects.get(slug="refund-policy")
    assert not draft.live
    assert page.request.get("/en/refund-policy/").status == 404

    # The admin approves, which publishes it.
    admin_login(page, admin.email)
    page.goto(f"/admin/pages/{draft.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    page.goto("/en/refund-policy/")
    expect(page.locator("h1")).to_have_text("Refund policy")

    # Translated into Arabic with wagtail-localize, then published in Arabic.
    page.goto(f"/admin/localize/submit/page/{draft.pk}/")
    page.get_by_label("العربية").check()
    page.get_by_role("button", name="Submit").click()
    for text in ("سياسة الاسترداد", "كيف يعمل الاسترداد في فلوينتوري خطوة بخطوة."):
        page.get_by_role("button", name="Translate", exact=True).first.click()
        page.locator("textarea").first.fill(text)
        page.get_by_role("button", name="Save", exact=True).first.click()
        expect(page.get_by_text(text)).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Publish in")).click()
    arabic = StandardPage.objects.get(slug="refund-policy", locale__language_code="ar")
    assert arabic.live and arabic.title == "سياسة الاسترداد"
    page.goto("/ar/refund-policy/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("h1")).to_have_text("سياسة الاسترداد")
    expect(page.locator('link[rel="alternate"][hreflang="en"]')).to_have_count(1)

    # Unpublished: visitors get the friendly 404 page, the Arabic translation stays.
    page.goto(f"/admin/pages/{draft.pk}/unpublish/")
    page.get_by_role("button", name=re.compile("Yes, unpublish")).click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    page.goto("/en/refund-policy/")
    expect(page.locator("h1")).to_have_text("We could not find that page")
