"""Marketing editors (Wagtail's "Editors" group) run the menus and the site settings from the admin."""

import pytest
from django.contrib.auth.models import Group
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail.models import Locale, Page, Site
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms.models import Menu, SiteSettings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    user = UserFactory(is_student=False)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


def test_an_editor_saves_a_menu_with_a_new_link(client, editor):
    menu = Menu.objects.create(place=Menu.Place.MAIN, locale=Locale.get_default())
    page = Page.objects.get(depth=2)
    data = nested_form_data(
        {
            "place": "main",
            "items": inline_formset([{"label": "Courses", "link_page": page.pk, "link_url": ""}]),
        }
    )

    response = client.post(reverse("wagtailsnippets_cms_menu:edit", args=[menu.pk]), data)

    assert response.status_code == 302, response.context and response.context["form"].errors
    assert [(item.label, item.link_page_id) for item in menu.items.all()] == [("Courses", page.pk)]


def test_an_editor_sees_menus_in_the_admin_menu(client, editor):
    response = client.get(reverse("wagtailsnippets_cms_menu:list"))

    assert response.status_code == 200
    assert "Menus" in response.content.decode()


def test_an_editor_saves_the_site_settings(client, editor):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["cms", "sitesettings", site.pk])

    response = client.post(
        url,
        {
            "tagline": "Learn with real teachers",
            "contact_email": "hello@school.test",
            "share_networks-count": "1",  # the share buttons' list, as the editor's form sends it
            "share_networks-0-type": "network",
            "share_networks-0-value": "whatsapp",
            "share_networks-0-order": "0",
            "share_networks-0-deleted": "",
        },
    )

    assert response.status_code == 302
    saved = SiteSettings.for_site(site)
    assert (saved.tagline, saved.contact_email) == ("Learn with real teachers", "hello@school.test")
    assert saved.share_network_codes == ["whatsapp"]


def test_an_editor_saves_the_seo_settings(client, editor):
    site = Site.objects.get(is_default_site=True)

    response = client.get(reverse("wagtailsettings:edit", args=["wagtailseo", "seosettings", site.pk]))

    assert response.status_code == 200
    assert 'name="og_image_default"' in response.content.decode()


@pytest.fixture
def english_page_in_moderation(editor):
    from wagtail_localize.operations import translate_object

    from cms.models import StandardPage

    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    home = Page.objects.get(depth=2)
    translate_object(home, [arabic])
    page = home.add_child(instance=StandardPage(title="Refunds", slug="refunds", intro="How refunds work.", live=False))
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)  # submitted for moderation, not yet approved
    translate_object(page, [arabic])
    return page


def test_a_translation_is_not_published_while_its_source_awaits_moderation(client, editor, english_page_in_moderation):
    editor.groups.add(Group.objects.get(name="Moderators"))  # may publish, yet the source is not approved
    arabic_page = english_page_in_moderation.get_translation(Locale.objects.get(language_code="ar"))

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[arabic_page.pk]), {"action": "publish"}, follow=True
    )

    arabic_page.refresh_from_db()
    assert not arabic_page.live and arabic_page.live_revision is None
    assert "“Refunds” is awaiting moderation" in response.content.decode()


def test_the_translation_editor_says_the_source_awaits_moderation(client, editor, english_page_in_moderation):
    arabic_page = english_page_in_moderation.get_translation(Locale.objects.get(language_code="ar"))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[arabic_page.pk]))

    assert "“Refunds” is awaiting moderation; publish this translation once it is approved." in (
        response.content.decode()
    )


def test_a_translator_saves_a_string_in_the_translation_editor(client, editor, english_page_in_moderation):
    """wagtail-localize's editor sends each string as a multipart form to its own DRF view."""
    from wagtail_localize.models import StringSegment, StringTranslation, Translation

    translation = Translation.objects.get(source__object_id=english_page_in_moderation.translation_key)
    segment = StringSegment.objects.filter(source=translation.source, string__data="Refunds").get()
    url = f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/"

    response = client.put(url, encode_multipart(BOUNDARY, {"value": "الاسترداد"}), content_type=MULTIPART_CONTENT)

    assert response.status_code == 201, response.content
    assert StringTranslation.objects.get(translation_of=segment.string, locale=translation.target_locale).data == (
        "الاسترداد"
    )


def test_the_page_explorer_lists_pages_for_an_editor(client, editor):
    """The admin's page explorer reads Wagtail's admin API with the editor's session, not an API token."""
    home = Page.objects.get(depth=2)

    response = client.get("/admin/api/main/pages/", {"child_of": home.get_parent().pk, "for_explorer": 1})

    assert response.status_code == 200, response.content
    assert home.pk in [item["id"] for item in response.json()["items"]]
