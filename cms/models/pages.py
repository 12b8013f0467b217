from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtailseo.models import SeoMixin, SeoSettings

from cms import page_cache, seo, site_settings, structured_data
from cms.blocks import ArticleBlock, BodyBlock, TopicBlock
from core.throttle import throttled

SEO_TITLE_MAX = 60
SEO_DESCRIPTION_MAX = 160


class SitePage(SeoMixin, Page):
    """What every public page has: SEO fields, robots rules, breadcrumbs and structured data."""

    robots_noindex = models.BooleanField(
        _("hide from search engines (noindex)"), default=False, help_text=_("Also leaves the page out of the sitemap.")
    )
    robots_nofollow = models.BooleanField(_("ask search engines not to follow its links (nofollow)"), default=False)

    promote_panels = SeoMixin.seo_panels + [
        MultiFieldPanel([FieldRowPanel([FieldPanel("robots_noindex"), FieldPanel("robots_nofollow")])], _("Robots")),
    ]
    seo_description_sources = ["search_description", "intro"]

    class Meta:
        abstract = True

    def get_url_parts(self, request=None):
        """Full URLs (canonical, hreflang, Open Graph, sitemap) start with SITE_URL, not the Site record's host."""
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, _root_url, page_path = parts
        return site_id, settings.SITE_URL, page_path

    def clean(self):
        super().clean()
        errors = {}
        if len(self.seo_title or "") > SEO_TITLE_MAX:
            errors["seo_title"] = _("Keep the title tag to %(max)d characters or fewer (it has %(count)d).") % {
                "max": SEO_TITLE_MAX,
                "count": len(self.seo_title),
            }
        if len(self.search_description or "") > SEO_DESCRIPTION_MAX:
            errors["search_description"] = _(
                "Keep the meta description to %(max)d characters or fewer (it has %(count)d)."
            ) % {"max": SEO_DESCRIPTION_MAX, "count": len(self.search_description)}
        if errors:
            raise ValidationError(errors)

    @classmethod
    def serving_queryset(cls):
        """The page with what rendering it reads, for the routing's one fetch of the page."""
        return cls.objects.select_related("locale")

    def get_site(self):
        # Asked for many times per render (site name, share image, settings); a page object lives for one request.
        if not hasattr(self, "_cms_site"):
            self._cms_site = super().get_site()
        return self._cms_site

    @cached_property
    def generated_share_image(self):
        return self.share_card_image()

    def share_card_image(self):
        """The picture drawn for sharing this page (course pages and blog posts), if it has been drawn yet."""
        from .share_cards import ShareCard

        try:
            card = self.share_card  # read with the page where its serving queryset selects it
        except ShareCard.DoesNotExist:
            return None
        return card.image

    @cached_property
    def seo_image(self):
        for name in self.seo_image_sources:
            image = getattr(self, name, None)
            if image is not None:
                return image
        request = getattr(self, "_cms_request", None)
        if request is not None:
            site_settings.load_for_request(request)
        seo_settings = (
            SeoSettings.for_request(request) if request is not None else SeoSettings.for_site(self.get_site())
        )
        return seo_settings.og_image_default

    @cached_property
    def seo_image_url(self) -> str:
        # wagtail-seo's property looks the rendition up on every use, and the head uses it for Open Graph and X.
        return SeoMixin.seo_image_url.fget(self)

    def get_view_restrictions(self):
        if not page_cache.any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def route(self, request, path_components):
        # Wagtail walks the tree one level (and one or two queries) at a time; a deep address is found in one
        # query on url_path instead. Anything else (sub-routes, unknown slugs) takes Wagtail's own path.
        if len(path_components) > 1:
            prefixes = [
                self.url_path + "/".join(path_components[:depth]) + "/" for depth in range(1, len(path_components) + 1)
            ]
            found = {
                page.url_path: page
                for page in Page.objects.filter(locale_id=self.locale_id, url_path__in=prefixes).only(
                    "url_path", "live", "content_type"
                )
            }
            # As in Wagtail's own routing, only the page asked for must be live.
            target = found.get(prefixes[-1])
            if len(found) == len(prefixes) and target.live:
                page_class = target.specific_class
                queryset = page_class.serving_queryset() if issubclass(page_class, SitePage) else page_class.objects
                return RouteResult(queryset.get(pk=target.pk))
        return super().route(request, path_components)

    @property
    def robots_content(self) -> str:
        rules = [rule for rule, on in (("noindex", self.robots_noindex), ("nofollow", self.robots_nofollow)) if on]
        return ", ".join(rules)

    @property
    def seo_pagetitle(self) -> str:
        return self.seo_title or f"{self.title} {seo.SEPARATOR} {self.seo_sitename}"

    def trail(self) -> list[Page]:
        """The page's ancestors from its language's home page down, then the page itself (one query, once)."""
        if not hasattr(self, "_cms_trail"):
            self._cms_trail = [*self.get_ancestors().filter(depth__gte=2), self]
        return self._cms_trail

    def _trail_translations(self) -> dict[tuple[str, str], Page]:
        """Live translations of the page and its ancestors by (translation key, language), in one query."""
        if not hasattr(self, "_cms_trail_translations"):
            keys = [page.translation_key for page in self.trail()]
            self._cms_trail_translations = {
                (page.translation_key, page.locale.language_code): page
                for page in Page.objects.filter(translation_key__in=keys).live().select_related("locale")
            }
        return self._cms_trail_translations

    def live_translations(self) -> dict[str, Page]:
        """The live translations of this page (itself included when live) by language code."""
        return {code: page for (key, code), page in self._trail_translations().items() if key == self.translation_key}

    def nearest_translated_ancestor(self, language_code: str) -> Page | None:
        """The closest section above this page that exists in `language_code`."""
        found = self._trail_translations()
        for ancestor in reversed(self.trail()[:-1]):
            if (ancestor.translation_key, language_code) in found:
                return found[(ancestor.translation_key, language_code)]
        return None

    def breadcrumb_trail(self, request) -> dict:
        # Shown on the page and given as structured data: built once, without the rest of the structured data.
        if not hasattr(self, "_cms_breadcrumbs"):
            self._cms_breadcrumbs = structured_data.breadcrumbs(self.trail(), request)
        return self._cms_breadcrumbs

    def structured_data(self, request, context) -> list[dict]:
        return [self.breadcrumb_trail(request)]

    def get_context(self, request, *args, **kwargs):
        self._cms_request = request  # lets SEO properties reuse the request's cached settings
        if not getattr(request, "is_preview", False):
            # Served, so routed from the request's site root: the page is that site's (Wagtail would ask twice more).
            self._cms_site = Site.find_for_request(request) or super().get_site()
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = SimpleLazyObject(lambda: self.structured_data(request, context))
        context["breadcrumbs"] = SimpleLazyObject(lambda: self.breadcrumb_trail(request)["itemListElement"])
        context["cms_cache"] = {
            "seconds": settings.CMS_FRAGMENT_CACHE_SECONDS,
            "generation": page_cache.generation(),
            "path": page_cache.cache_path(request),
        }
        return context

    def serve_preview(self, request, mode_name):
        # The editor's preview speaks the page's language and direction, whatever the admin's own language.
        with translation.override(self.locale.language_code):
            response = super().serve_preview(request, mode_name)
            if hasattr(response, "render"):
                response.render()
        return response

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        if mode_name == "wagtail-seo":
            context["seo_warnings"] = seo.warnings(self)
            context["preview_language"] = self.locale.language_code
        return context


class HomePage(RoutablePageMixin, SitePage):
    hero_heading = models.CharField(_("hero heading"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
        help_text=_("Set its focal point (the face, the book) so every crop keeps it."),
    )
    hero_image_alt = models.CharField(
        _("hero image alternative text"), max_length=200, blank=True, help_text=_("Leave empty if it is decoration.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    content_panels = Page.content_panels + [
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        MultiFieldPanel([FieldPanel("hero_image"), FieldPanel("hero_image_alt")], _("Hero image")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("hero_text"), index.SearchField("body")]

    class Meta:
        verbose_name = _("home page")

    @classmethod
    def serving_queryset(cls):
        return super().serving_queryset().select_related("hero_image").prefetch_related("hero_image__renditions")

    def structured_data(self, request, context) -> list[dict]:
        return [
            structured_data.organization(self, request),
            structured_data.website(self, request),
            *super().structured_data(request, context),
        ]

    @path("search/", name="search")
    def search(self, request):
        from cms.search import search_pages

        return self.render(
            request,
            template="cms/search.html",
            context_overrides=search_pages(request, locale=self.locale),
        )


class LandingPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["cms.HomePage", "cms.LandingPage"]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("landing page")


class StandardPage(SitePage):
    """About, terms, privacy: text pages."""

    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(ArticleBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class FAQIndexPage(SitePage):
    intro = models.TextField(_("introduction"), blank=True)
    topics = StreamField([("topic", TopicBlock())], verbose_name=_("topics"), blank=True)

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("topics")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("topics")]

    class Meta:
        verbose_name = _("FAQ page")

    def questions(self) -> list:
        return [question for topic in self.topics for question in topic.value["questions"]]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        query = request.GET.get("q", "").strip()[:100]
        topics = []
        for topic in self.topics:
            questions = [q for q in topic.value["questions"] if not query or seo.matches(query, q)]
            if questions:
                topics.append({"title": topic.value["title"], "questions": questions, "id": topic.id})
        context.update({"query": query, "topics": topics})
        return context

    def structured_data(self, request, context) -> list[dict]:
        return [*super().structured_data(request, context), structured_data.faq_page(self.questions())]


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(SitePage, AbstractEmailForm):
    """A form built in the admin; each submission is kept (Forms menu) and emailed to the addresses given."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    thank_you_text = RichTextField(_("thank-you text"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]), FieldPanel("subject")],
            _("Email"),
        ),
    ]

    class Meta:
        verbose_name = _("contact page")

    def serve(self, request, *args, **kwargs):
        # Each submission is stored and emailed, whoever sends it: limited per address.
        return throttled("contact_form")(super().serve)(request, *args, **kwargs)
