from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtailseo.models import SeoMixin


class HomePage(SeoMixin, Page):
    hero_heading = models.CharField(_("hero heading"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True)
    body = RichTextField(_("body"), blank=True)

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    content_panels = Page.content_panels + [FieldPanel("hero_heading"), FieldPanel("hero_text"), FieldPanel("body")]
    promote_panels = SeoMixin.seo_panels

    class Meta:
        verbose_name = _("home page")
