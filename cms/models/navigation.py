from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, TranslatableMixin

from core import sharing


class Menu(TranslatableMixin, ClusterableModel):
    """An editable menu (header or footer), one per place and language; translated like any snippet."""

    class Place(models.TextChoices):
        MAIN = "main", _("Header")
        FOOTER = "footer", _("Footer")

    place = models.CharField(_("where it appears"), max_length=10, choices=Place.choices)

    panels = [FieldPanel("place"), InlinePanel("items", label=_("Links"))]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("menu")
        constraints = [models.UniqueConstraint(fields=["place", "locale"], name="one_menu_per_place_and_locale")]

    def __str__(self):
        return f"{self.get_place_display()} ({self.locale})"


class MenuItem(Orderable):
    menu = ParentalKey(Menu, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(_("label"), max_length=60, blank=True, help_text=_("Leave empty to use the page title."))
    link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    link_url = models.URLField(_("or an address"), blank=True)

    panels = [FieldPanel("label"), FieldPanel("link_page"), FieldPanel("link_url")]

    def clean(self):
        super().clean()
        if bool(self.link_page_id) == bool(self.link_url):
            raise ValidationError({"link_url": _("Choose a page or enter an address (one of the two).")})
        if self.link_url and not self.label:
            raise ValidationError({"label": _("A link to an address needs a label.")})


class ShareNetworksBlock(blocks.StreamBlock):
    """The share buttons in the order editors drag them into; each network at most once."""

    network = blocks.ChoiceBlock(
        choices=[(code, network.label) for code, network in sharing.NETWORKS.items()], label=_("Network")
    )

    def clean(self, value):
        cleaned = super().clean(value)
        codes = [child.value for child in cleaned]
        if len(codes) != len(set(codes)):
            raise blocks.StreamBlockValidationError(non_block_errors=[_("Each network can appear only once.")])
        return cleaned


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the header, footer and Organization structured data need; share image and org name are in SEO."""

    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    share_networks = StreamField(
        ShareNetworksBlock(),
        verbose_name=_("share buttons"),
        blank=True,
        default=[("network", code) for code in sharing.DEFAULT_ORDER],
        help_text=_("Shown on course pages, blog posts and certificates, in this order. Empty: no share buttons."),
    )

    panels = [
        MultiFieldPanel([FieldPanel("logo"), FieldPanel("tagline")], _("Brand")),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")], _("Contact")
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("linkedin_url"),
                FieldPanel("x_url"),
            ],
            _("Social links"),
        ),
        FieldPanel("share_networks"),
    ]

    class Meta:
        verbose_name = _("site details")

    @classmethod
    def for_request(cls, request):
        from cms.site_settings import load_for_request

        load_for_request(request)  # with wagtail-seo's settings and both images, in one query
        return super().for_request(request)

    @property
    def share_network_codes(self) -> list[str]:
        return [child.value for child in self.share_networks]

    @property
    def social_links(self) -> list[tuple[str, str]]:
        return [
            (name, url)
            for name, url in (
                ("Facebook", self.facebook_url),
                ("Instagram", self.instagram_url),
                ("YouTube", self.youtube_url),
                ("LinkedIn", self.linkedin_url),
                ("X", self.x_url),
            )
            if url
        ]
