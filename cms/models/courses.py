from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import catalogue, course_data, page_cache, structured_data
from cms.blocks import OutcomeBlock, QuestionBlock, SyllabusModuleBlock
from learning import selectors
from learning.services import has_access

from .pages import SitePage


class CategoryPage(SitePage):
    """A category of courses (a language, a goal or a level); its course pages are its children."""

    intro = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("description"), blank=True)

    parent_page_types = ["cms.HomePage", "cms.CategoryPage"]
    subpage_types = ["cms.CoursePage", "cms.CategoryPage"]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("course category")

    def course_pages(self):
        return page_cache.public(CoursePage.objects.descendant_of(self).live())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: a page whose content fragment is cached never runs the listing's queries.
        context["catalogue"] = SimpleLazyObject(
            lambda: catalogue.catalogue(request, pages=CoursePage.objects.descendant_of(self))
        )
        context["catalogue_filtered"] = catalogue.is_filtered(request.GET)
        return context


class CoursePage(RoutablePageMixin, SitePage):
    """The public page of a `learning` course; course facts come from the course, marketing text from here."""

    course = models.ForeignKey(
        "learning.Course", on_delete=models.PROTECT, related_name="pages", verbose_name=_("course")
    )
    intro = models.TextField(_("short description"), max_length=300)
    description = RichTextField(_("description"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])
    outcomes = StreamField([("outcome", OutcomeBlock())], verbose_name=_("what you will be able to do"), blank=True)
    syllabus = StreamField([("module", SyllabusModuleBlock())], verbose_name=_("syllabus"), blank=True)
    faq = StreamField([("question", QuestionBlock())], verbose_name=_("questions and answers"), blank=True)

    parent_page_types = ["cms.CategoryPage"]
    subpage_types: list[str] = []
    content_panels = Page.content_panels + [
        FieldPanel("course"),
        FieldPanel("intro"),
        FieldPanel("description"),
        FieldPanel("outcomes"),
        FieldPanel("syllabus"),
        FieldPanel("faq"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("description"),
        index.SearchField("syllabus"),
    ]
    seo_image_sources = ["og_image", "generated_share_image", "course_cover"]

    class Meta:
        verbose_name = _("course page")

    def clean(self):
        super().clean()
        # One page per course in each language (translations share the course); the page's locale lives on
        # wagtailcore.Page, so this cannot be a database constraint here.
        if (
            self.course_id
            and CoursePage.objects.filter(course_id=self.course_id, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError({"course": _("This course already has a page in this language.")})

    @classmethod
    def serving_queryset(cls):
        return super().serving_queryset().select_related("course", "course__cover_image", "share_card__image")

    @cached_property
    def course_cover(self):
        """The course's cover, with its renditions: it is shown, shared (og:image) and described (structured data)
        in three sizes. Read on first use, so a page whose fragments are cached never reads them."""
        return self._pictures_with_renditions()[0]

    @cached_property
    def generated_share_image(self):
        return self._pictures_with_renditions()[1]

    def _pictures_with_renditions(self):
        """The cover and the share card, with the renditions of both in one query, whichever is asked for first;
        the site's logo and default share image (when the page has none of its own) in the same query, when the
        page is served."""
        if not hasattr(self, "_cms_pictures"):
            self._cms_pictures = (self.course.cover_image, self.share_card_image())
            request = getattr(self, "_cms_request", None)
            site_images = structured_data.site_images(request) if request is not None else ()
            images = {image.pk: image for image in (*self._cms_pictures, *site_images) if image is not None}
            prefetch_related_objects(list(images.values()), "renditions")
        return self._cms_pictures

    @cached_property
    def offers_by_currency(self) -> dict:
        """The course's offer in every currency: the price shown and the structured data's offers, read once."""
        return {offer.price.currency: offer for offer in course_data.offers_in_every_currency(self.course)}

    @cached_property
    def teachers(self) -> list:
        return list(selectors.with_teacher_ratings(self.course.teachers.select_related("teacher_profile")))

    def get_context(self, request, *args, **kwargs):
        currency = getattr(request, "currency", settings.FLUENTORY_DEFAULT_CURRENCY)
        context = super().get_context(request, *args, **kwargs)
        # Lazy, like the rest of the page's data: nothing is read when the content fragment is cached.
        context["course_facts"] = SimpleLazyObject(lambda: self._course_facts(currency))
        context["questions"] = [block.value for block in self.faq]
        return context

    @path("preview/<int:lesson_id>/", name="preview")
    def preview(self, request, lesson_id):
        """Anyone: a free preview lesson of the course; any other lesson of it asks for a login or a purchase."""
        try:
            lesson = selectors.preview_lesson(course=self.course, lesson_id=lesson_id)
        except selectors.PreviewRefused:
            if request.user.is_authenticated and has_access(student=request.user, course=self.course):
                return redirect("learning:lesson", slug=self.course.slug, lesson_id=lesson_id)
            context = self.get_context(request)
            context["login_url"] = f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
            return TemplateResponse(request, "cms/course_preview_refused.html", context, status=403)
        if lesson is None:
            raise Http404(_("This lesson is not part of the course."))
        context = self.get_context(request)
        context["lesson"] = lesson
        return TemplateResponse(request, "cms/course_preview.html", context)

    def _course_facts(self, currency: str) -> dict:
        reviews, rating = course_data.reviews_and_rating(self.course)
        return {
            "offer": self.offers_by_currency.get(currency),
            "rating": rating,
            "reviews": reviews,
            "syllabus": selectors.public_syllabus(course=self.course),
            "teacher_cards": course_data.teacher_cards(self.teachers),
            "actions": course_data.course_actions(self.course),
            "bundles": course_data.bundle_savings(self.course, currency=currency, language=self.locale.language_code),
        }

    def structured_data(self, request, context) -> list[dict]:
        data = [
            *super().structured_data(request, context),
            structured_data.course(
                self,
                request,
                offers=list(self.offers_by_currency.values()),
                teachers=self.teachers,
                rating=context["course_facts"]["rating"],
            ),
        ]
        if self.faq:
            data.append(structured_data.faq_page([block.value for block in self.faq]))
        return data
