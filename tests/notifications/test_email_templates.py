"""Email templates: editors word them in the admin, every email is rendered from them in the reader's language."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text

from notifications.email_templates import render_email, seed_default_templates
from notifications.models import EmailTemplate
from notifications.services import notify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def arabic():
    return Locale.objects.get_or_create(language_code="ar")[0]


@pytest.fixture
def notification_template(english):
    return EmailTemplate.objects.create(
        key="notification",
        locale=english,
        subject="News: {{ title }}",
        preheader="For {{ name }}",
        body="<p>Dear {{ name }},</p><p>{{ message }}</p>",
        button_label="Open it",
        button_link="{{ link }}",
    )


@pytest.fixture
def editor():
    user = UserFactory(is_student=False, display_name="Eddie Editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def render(language="en", **context):
    values = {"name": "Lina", "title": "Lesson 2 is open", "message": "Carry on.", "link": "https://x.test/learn/"}
    return render_email(key="notification", language=language, context={**values, **context})


def test_a_placeholder_the_email_does_not_have_is_refused_on_save(english):
    template = EmailTemplate(key="notification", locale=english, subject="Hi {{ name }}", body="<p>{{ course }}</p>")

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    assert "Unknown placeholder {{ course }}" in refused.value.message_dict["body"][0]
    assert "{{ name }}" in refused.value.message_dict["body"][0]  # says what may be used instead


def test_the_editor_sees_why_a_template_is_refused_and_nothing_is_stored(client, editor, english):
    client.force_login(editor)
    form = nested_form_data(
        {
            "key": "notification",
            "subject": "Hi {{ name }}",
            "preheader": "",
            "body": rich_text("<p>Your course {{ course }}</p>"),
            "button_label": "",
            "button_link": "",
        }
    )

    response = client.post(reverse("wagtailsnippets_notifications_emailtemplate:add"), form)

    assert "Unknown placeholder {{ course }}" in response.content.decode()
    assert not EmailTemplate.objects.exists()


def test_rendering_fills_in_placeholders_and_escapes_values(notification_template):
    email = render(name="<b>Lina</b>", message="Tom & Jerry\nsecond line", title="Lesson 2\nis open")

    assert email.subject == "[Fluentory] News: Lesson 2 is open"
    assert "Dear &lt;b&gt;Lina&lt;/b&gt;," in email.html
    assert "<b>Lina</b>" not in email.html
    assert "Tom &amp; Jerry<br>second line" in email.html
    assert 'href="https://x.test/learn/"' in email.html
    assert "{{" not in email.html + email.text


def test_a_paragraph_left_empty_by_its_placeholder_is_dropped_however_the_editor_marked_it(notification_template):
    notification_template.body = (
        '<p data-block-key="a1">Dear {{ name }},</p><p data-block-key="b2"><i>{{ message }}</i></p>'
        '<p data-block-key="c3">&nbsp;{{ title }}</p><p data-block-key="d4">See you.</p>'
    )
    notification_template.save()

    email = render(message="", title="")

    paragraphs = [text for text in email.html.split("<p") if "</p>" in text]
    assert len(paragraphs) == 2 and "Dear Lina," in paragraphs[0] and "See you." in paragraphs[1]
    assert render(message="Carry on.").html.count("Carry on.") == 1  # a filled one stays


def test_css_is_inlined_into_style_attributes(notification_template):
    email = render()

    assert "<style" not in email.html
    assert 'class="content"' in email.html and "style=" in email.html
    assert "background-color: #0b5e7a" in email.html  # the brand colour, on the header cell itself


def test_the_plain_text_part_carries_the_words_and_the_link(notification_template):
    email = render(name="<b>Lina</b>")

    assert "Dear <b>Lina</b>," in email.text  # plain text is not HTML: shown as written
    assert "Carry on." in email.text
    assert "Open it: https://x.test/learn/" in email.text
    assert "<p>" not in email.text


def test_arabic_readers_get_the_arabic_translation_right_to_left(notification_template, arabic):
    translation = notification_template.copy_for_translation(arabic)
    translation.subject = "خبر: {{ title }}"
    translation.body = "<p>مرحبًا {{ name }}،</p>"
    translation.save()

    email = render(language="ar")

    assert email.subject == "[Fluentory] خبر: Lesson 2 is open"
    assert 'dir="rtl"' in email.html and 'lang="ar"' in email.html
    assert "مرحبًا Lina،" in email.text


def test_a_translation_made_with_wagtail_localize_reaches_arabic_readers(notification_template, arabic):
    from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

    arabic_words = {"News: {{ title }}": "خبر: {{ title }}", "Dear {{ name }},": "عزيزتي {{ name }}،"}
    source, _created = TranslationSource.get_or_create_from_instance(notification_template)
    translation = Translation.objects.create(source=source, target_locale=arabic)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=arabic,
            context=segment.context,
            data=arabic_words.get(segment.string.data, segment.string.data),
        )
    translation.save_target()

    email = render(language="ar")

    assert EmailTemplate.objects.get(locale=arabic).key == "notification"  # the key is kept, not translated
    assert email.subject == "[Fluentory] خبر: Lesson 2 is open"
    assert "عزيزتي Lina،" in email.text and 'dir="rtl"' in email.html


def test_without_an_arabic_translation_arabic_readers_get_the_english_template(notification_template, arabic):
    email = render(language="ar")

    assert email.subject == "[Fluentory] News: Lesson 2 is open"
    assert 'dir="ltr"' in email.html  # English words stay left to right


def test_every_registered_email_works_with_no_template_stored():
    email = render_email(key="invoice.issued", language="en", context={"number": "INV-1", "amount": "$10.00"})

    assert email.subject == "[Fluentory] Your receipt and invoice INV-1"
    assert "$10.00" in email.text


def test_defaults_are_seeded_once_in_every_locale(english, arabic):
    first = seed_default_templates()

    assert first == 2 * EmailTemplate.objects.filter(locale=english).count()
    assert EmailTemplate.objects.filter(key="invoice.issued", locale=arabic).exists()
    assert seed_default_templates() == 0


def test_notification_emails_use_the_edited_template(
    student, notification_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(student, "lesson_unlocked", "Lesson 2 is open", "Carry on.", url="/learn/")

    sent = mail.outbox[0]
    assert sent.subject == "[Fluentory] News: Lesson 2 is open"
    assert f"Dear {student.name}," in sent.body
    assert "Open it" in sent.alternatives[0][0]


def test_an_editor_lists_edits_and_previews_email_templates(client, editor, notification_template, arabic):
    client.force_login(editor)
    translation = notification_template.copy_for_translation(arabic)
    translation.subject = "خبر: {{ title }}"
    translation.save()

    listing = client.get(reverse("wagtailsnippets_notifications_emailtemplate:list"))
    edit = client.get(reverse("wagtailsnippets_notifications_emailtemplate:edit", args=[notification_template.pk]))
    preview_url = reverse("wagtailsnippets_notifications_emailtemplate:preview_on_edit", args=[translation.pk])
    form = nested_form_data(
        {
            "key": "notification",
            "subject": "خبر: {{ title }}",
            "preheader": "",
            "body": rich_text("<p>مرحبًا {{ name }}</p>"),
            "button_label": "",
            "button_link": "{{ link }}",
        }
    )
    client.post(preview_url, form)
    preview = client.get(preview_url, {"mode": "html"})

    assert listing.status_code == 200 and "News: {{ title }}" in listing.content.decode()
    assert edit.status_code == 200 and "Dear {{ name }}," in edit.content.decode()
    assert preview.status_code == 200
    shown = preview.content.decode()
    assert 'dir="rtl"' in shown and "مرحبًا لينا" in shown  # the sample data, in Arabic
