"""Demo site tree for `seed_demo`: a home page per locale."""

from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import HomePage

HOME = {
    "en": {
        "title": "Fluentory",
        "hero_heading": "Speak a new language with real teachers",
        "hero_text": "Live classes and self-paced courses in Arabic and English, priced in your currency.",
    },
    "ar": {
        "title": "فلوينتوري",
        "hero_heading": "تحدّث لغة جديدة مع معلمين حقيقيين",
        "hero_text": "دروس مباشرة ودورات ذاتية في العربية والإنجليزية، بأسعار بعملتك.",
    },
}


@transaction.atomic
def seed() -> dict[str, HomePage]:
    english = Locale.objects.get_or_create(language_code="en")[0]
    arabic = Locale.objects.get_or_create(language_code="ar")[0]
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=english))
    home = HomePage.objects.filter(locale=english).first()
    if home is None:
        # Wagtail's installation leaves a placeholder "Welcome" page (and its Site); the home page replaces both.
        Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").delete()
        home = HomePage(slug="home", locale=english, **HOME["en"])
        root.add_child(instance=home)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Fluentory"},
        )
    translated = HomePage.objects.filter(locale=arabic, translation_key=home.translation_key).first()
    if translated is None:
        translated = home.copy_for_translation(arabic)
        for field, value in HOME["ar"].items():
            setattr(translated, field, value)
        translated.save_revision().publish()
    return {"en": home, "ar": translated}
