"""What editors do in the admin: page forms refuse bad input, SEO preview, moderation, contact form, menus."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import CoursePage, StandardPage
from tests.factories import UserFactory

from .factories import CourseFactory


def page_form(**fields):
    data = {
        "title": "Refunds",
        "slug": "refunds",
        "intro": "How refunds work.",
        "body": streamfield([]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "canonical_url": "",
        **fields,
    }
    return nested_form_data(data)


def add_url(model: str, parent: Page) -> str:
    return reverse("wagtailadmin_pages:add", args=["cms", model, parent.pk])


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group

    user = UserFactory(is_student=False, display_name="Eddie Editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_editor_can_add_a_standard_page(client, demo_site, editor):
    client.force_login(editor)

    response = client.post(add_url("standardpage", demo_site["en"]), page_form())

    assert response.status_code == 302
    page = StandardPage.objects.get(slug="refunds")
    assert page.title == "Refunds" and not page.live  # editors save drafts and submit them for moderation


@pytest.mark.parametrize(
    ("fields", "field_with_error"),
    [
        ({"title": ""}, "title"),
        ({"seo_title": "x" * 61}, "seo_title"),
        ({"search_description": "y" * 161}, "search_description"),
        ({"canonical_url": "not an address"}, "canonical_url"),
        ({"slug": "about"}, "slug"),  # already taken by a sibling
    ],
)
def test_bad_input_in_a_page_form_gets_a_field_error_and_creates_nothing(
    client, demo_site, admin_user, fields, field_with_error
):
    client.force_login(admin_user)
    before = Page.objects.count()

    response = client.post(add_url("standardpage", demo_site["en"]), page_form(**fields, **{"action-publish": "1"}))

    assert response.status_code == 200
    assert field_with_error in response.context["form"].errors
    assert Page.objects.count() == before


def test_a_course_gets_one_page_per_language(client, demo_site, admin_user):
    client.force_login(admin_user)
    existing = CoursePage.objects.filter(locale__language_code="en").first()
    category = existing.get_parent()
    data = nested_form_data(
        {
            "title": "Duplicate",
            "slug": "duplicate",
            "course": existing.course_id,
            "intro": "Again.",
            "description": '{"blocks": [], "entityMap": {}}',
            "outcomes": streamfield([]),
            "syllabus": streamfield([]),
            "faq": streamfield([]),
            "comments": inline_formset([]),
        }
    )

    response = client.post(add_url("coursepage", category), data)

    assert response.status_code == 200
    assert "course" in response.context["form"].errors
    assert not CoursePage.objects.filter(slug="duplicate").exists()
    other = CourseFactory()
    data["course"] = other.pk
    assert client.post(add_url("coursepage", category), data).status_code == 302


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("student", 302), ("teacher", 302), ("partner", 302), ("editor", 200), ("admin", 200)],
)
def test_only_editors_and_admins_reach_the_page_editor(client, demo_site, editor, admin_user, who, expected):
    people = {
        "student": lambda: UserFactory(),
        "teacher": lambda: UserFactory(teacher=True),
        "partner": lambda: UserFactory(partner=True),
        "editor": lambda: editor,
        "admin": lambda: admin_user,
    }
    if who in people:
        client.force_login(people[who]())

    response = client.get(reverse("wagtailadmin_pages:edit", args=[demo_site["en"].pk]))

    assert response.status_code == expected
    if expected == 302:
        assert "/admin/login/" in response["Location"] or response["Location"].startswith("/admin/")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_seo_preview_shows_search_result_social_card_and_warnings_in_the_pages_language(demo_site, lang):
    page = StandardPage.objects.get(slug="about", locale__language_code=lang)
    page.search_description = ""
    page.seo_title = ""

    response = page.make_preview_request(preview_mode="wagtail-seo")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'lang="{lang}"' in html
    assert ('dir="rtl"' if lang == "ar" else 'dir="ltr"') in html
    assert "seo-search" in html and "seo-social" in html
    # No title tag; the description falls back to the introduction and the share image to the default one.
    assert html.count('class="warning"') == 1
    if lang == "en":
        assert "No title tag set" in html


def test_seo_preview_warns_about_a_missing_description_and_share_image(demo_site, settings):
    from wagtailseo.models import SeoSettings

    page = StandardPage.objects.get(slug="about", locale__language_code="en")
    page.search_description = page.intro = ""
    SeoSettings.objects.update(og_image_default=None)

    html = page.make_preview_request(preview_mode="wagtail-seo").content.decode()

    assert "No meta description" in html
    assert "No share image" in html


def test_page_preview_renders_arabic_pages_right_to_left(demo_site):
    page = StandardPage.objects.get(slug="about", locale__language_code="ar")

    response = page.make_preview_request()

    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_contact_form_reaches_admins_by_email_and_in_the_admin(client, demo_site):
    response = client.post("/en/contact/", {"your_name": "Mona", "email": "mona@example.test", "message": "Hello!"})

    assert response.status_code == 200
    assert b"Thank you" in response.content
    submission = FormSubmission.objects.get()
    assert submission.get_data()["message"] == "Hello!"
    assert [message.to for message in mail.outbox] == [["admin@fluentory.test"]]
    assert "Hello!" in mail.outbox[0].body


def test_contact_form_with_bad_input_shows_errors_and_keeps_nothing(client, demo_site):
    response = client.post("/en/contact/", {"your_name": "Mona", "email": "not-an-email", "message": ""})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"email", "message"}
    assert not FormSubmission.objects.exists()
    assert not mail.outbox


def test_contact_form_past_its_limit_is_refused_and_keeps_nothing(client, demo_site, settings):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "contact_form": "2/h/ip"}
    data = {"your_name": "Mona", "email": "mona@example.test", "message": "Hello!"}
    statuses = [client.post("/en/contact/", data).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert FormSubmission.objects.count() == 2 and len(mail.outbox) == 2
    assert client.post("/en/contact/", data, REMOTE_ADDR="198.51.100.20").status_code == 200


def test_category_filters_report_bad_values_instead_of_guessing(client, demo_site):
    response = client.get("/en/arabic-courses/", {"level": "Z9", "min_price": "10", "max_price": "5"})

    assert response.status_code == 200
    errors = response.context["catalogue"].form.errors
    assert {"level", "max_price"} <= errors.keys()


def test_price_range_is_shown_but_not_applied_until_prices_exist(client, demo_site):
    response = client.get("/en/arabic-courses/", {"min_price": "10", "max_price": "50"})

    catalogue = response.context["catalogue"]
    assert catalogue.price_filter_pending is True
    assert len(catalogue.course_pages) == 3


def test_moderation_workflow_applies_to_pages(demo_site):
    from wagtail.models import Workflow

    workflow = demo_site["en"].get_workflow()

    assert isinstance(workflow, Workflow) and workflow.active
    assert workflow.tasks.exists()
