from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import course_data, page_cache, structured_data
from cms.blocks import OutcomeBlock, QuestionBlock, SyllabusModuleBlock
from learning.models import CourseType, Level

from .pages import SitePage

COURSES_PER_PAGE = 12


class CourseFilterForm(forms.Form):
    """The filters of a category page; every field is optional and bad values are reported, not guessed."""

    language = forms.ChoiceField(label=_("Language"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices])
    course_type = forms.ChoiceField(
        label=_("Course type"), required=False, choices=[("", _("Any type")), *CourseType.choices]
    )
    min_price = forms.DecimalField(
        label=_("Lowest price"), required=False, min_value=0, max_digits=10, decimal_places=3
    )
    max_price = forms.DecimalField(
        label=_("Highest price"), required=False, min_value=0, max_digits=10, decimal_places=3
    )

    def __init__(self, *args, languages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Any language")), *[(name, name) for name in languages]]

    def clean(self):
        data = super().clean()
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The highest price must not be below the lowest."))
        return data


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
        context["catalogue"] = SimpleLazyObject(lambda: self.catalogue(request))
        return context

    def catalogue(self, request) -> dict:
        """The filter form and one page of matching course pages, with their offers and ratings."""
        # Every course of the category with what the filters compare, in one query; filtered here.
        rows = list(
            self.course_pages()
            .order_by("title")
            .values_list("pk", "course_id", "course__language", "course__level", "course__course_type")
        )
        languages = sorted({language for _, _, language, _, _ in rows})
        form = CourseFilterForm(request.GET or None, languages=languages)
        if form.is_valid():
            data = form.cleaned_data
            for name, column in (("language", 2), ("level", 3), ("course_type", 4)):
                if data.get(name):
                    rows = [row for row in rows if row[column] == data[name]]
        ids = [(pk, course_id) for pk, course_id, *_facts in rows]
        currency = getattr(request, "currency", settings.FLUENTORY_DEFAULT_CURRENCY)
        price_filtered = form.is_valid() and (
            form.cleaned_data["min_price"] is not None or form.cleaned_data["max_price"] is not None
        )
        offers = {}
        if price_filtered:  # only a price range needs every course priced; otherwise only those shown are
            offers = course_data.offers_for_courses([course_id for _, course_id in ids], currency)
            if offers:
                ids = [(pk, course_id) for pk, course_id in ids if _in_range(offers.get(course_id), form.cleaned_data)]
        paginator = Paginator(ids, COURSES_PER_PAGE)
        page_of_ids = paginator.get_page(request.GET.get("page"))
        if not price_filtered:
            offers = course_data.offers_for_courses([course_id for _, course_id in page_of_ids.object_list], currency)
        wanted = [pk for pk, _ in page_of_ids.object_list]
        by_pk = (
            CoursePage.objects.filter(pk__in=wanted)
            .select_related("course", "course__cover_image")
            .prefetch_related("course__cover_image__renditions")
            .in_bulk()
        )
        return {
            "filter_form": form,
            "course_pages": [by_pk[pk] for pk in wanted if pk in by_pk],
            "paginated": page_of_ids,
            "offers": offers,
            "ratings": course_data.ratings_for([course_id for _, course_id in page_of_ids.object_list]),
            "price_filter_pending": price_filtered and not offers,
            "course_count": paginator.count,
        }


def _in_range(offer, data) -> bool:
    if offer is None:
        return False
    try:
        amount = Decimal(offer.price.amount)
    except (InvalidOperation, AttributeError):
        return False
    low, high = data.get("min_price"), data.get("max_price")
    return (low is None or amount >= low) and (high is None or amount <= high)


class CoursePage(SitePage):
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
        cover = self.course.cover_image
        if cover is not None:
            prefetch_related_objects([cover], "renditions")
        return cover

    @cached_property
    def offers_by_currency(self) -> dict:
        """The course's offer in every currency: the price shown and the structured data's offers, read once."""
        return {offer.price.currency: offer for offer in course_data.offers_in_every_currency(self.course)}

    @cached_property
    def teachers(self) -> list:
        return list(self.course.teachers.select_related("teacher_profile"))

    def get_context(self, request, *args, **kwargs):
        currency = getattr(request, "currency", settings.FLUENTORY_DEFAULT_CURRENCY)
        context = super().get_context(request, *args, **kwargs)
        # Lazy, like the rest of the page's data: nothing is read when the content fragment is cached.
        context["course_facts"] = SimpleLazyObject(lambda: self._course_facts(currency))
        context["questions"] = [block.value for block in self.faq]
        return context

    def _course_facts(self, currency: str) -> dict:
        reviews, rating = course_data.reviews_and_rating(self.course)
        return {
            "offer": self.offers_by_currency.get(currency),
            "rating": rating,
            "reviews": reviews,
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
            ),
        ]
        if self.faq:
            data.append(structured_data.faq_page([block.value for block in self.faq]))
        return data
