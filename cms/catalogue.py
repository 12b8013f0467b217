"""Finding a course: the filters, keyword search, sorting and pagination shared by `/courses/` and category pages.

Whatever the number of courses, a listing reads the same number of queries: the candidates' facts in one, then
the search, the teachers, the prices, ratings and popularity each in one or a fixed few, then one page of
course pages with their covers. Filtering and sorting happen on those facts, in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from learning import selectors
from learning.models import CourseType, Level

from . import course_data, page_cache

COURSES_PER_PAGE = 12
MAX_QUERY = 100
PRICE_BOX = forms.TextInput(attrs={"inputmode": "decimal"})
FILTERS = ("q", "language", "level", "course_type", "teacher", "min_price", "max_price", "sort")


class Sort:
    POPULAR = "popular"
    NEWEST = "newest"
    PRICE = "price"
    RATING = "rating"
    CHOICES = [
        (POPULAR, _("Most popular")),
        (NEWEST, _("Newest")),
        (PRICE, _("Lowest price")),
        (RATING, _("Best rated")),
    ]


class CatalogueForm(forms.Form):
    """The catalogue's filters; every field is optional, and a bad value is reported rather than guessed."""

    q = forms.CharField(label=_("Search"), required=False, max_length=MAX_QUERY)
    language = forms.ChoiceField(label=_("Language"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[("", _("Any level")), *Level.choices])
    course_type = forms.ChoiceField(
        label=_("Course type"), required=False, choices=[("", _("Any type")), *CourseType.choices]
    )
    teacher = forms.TypedChoiceField(label=_("Teacher"), required=False, coerce=int, empty_value=None)
    # A text box: a number box would be refused by HTML checkers when it shows back a bad value with its error.
    min_price = forms.DecimalField(
        label=_("Lowest price"), required=False, min_value=0, max_digits=10, decimal_places=3, widget=PRICE_BOX
    )
    max_price = forms.DecimalField(
        label=_("Highest price"), required=False, min_value=0, max_digits=10, decimal_places=3, widget=PRICE_BOX
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=Sort.CHOICES)

    def __init__(self, *args, languages=(), teachers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs["placeholder"] = _("Keyword")
        self.fields["language"].choices = [("", _("Any language")), *[(name, name) for name in languages]]
        self.fields["teacher"].choices = [("", _("Any teacher")), *[(user.pk, user.name) for user in teachers]]

    def clean(self):
        data = super().clean()
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The highest price must not be below the lowest."))
        return data


@dataclass
class Catalogue:
    form: CatalogueForm
    course_pages: list
    paginated: PaginatorPage
    offers: dict
    ratings: dict
    course_count: int
    price_filter_pending: bool
    filtered: bool


@dataclass(frozen=True)
class _Row:
    pk: int
    course_id: int
    language: str
    level: str
    course_type: str
    published: object
    enrolled: int
    rating_average: object
    rating_count: int


def is_filtered(query) -> bool:
    """Whether the address asks for a filtered or sorted listing (then it is not indexed: the canonical is the plain
    listing)."""
    return any(query.get(name) for name in FILTERS)


def catalogue(request, *, pages) -> Catalogue:
    """The filter form and one page of the live course pages in `pages` that match the request's filters."""
    pages = page_cache.public(pages.live())
    rows = [
        _Row(*values)
        for values in pages.annotate(**selectors.course_stats("course_id"))
        .order_by("title", "pk")
        .values_list(
            "pk",
            "course_id",
            "course__language",
            "course__level",
            "course__course_type",
            "first_published_at",
            "enrolled",
            "rating_average",
            "rating_count",
        )
    ]
    teachers = selectors.teachers_of(course_ids={row.course_id for row in rows})
    unique_teachers = sorted(
        {teacher.pk: teacher for group in teachers.values() for teacher in group}.values(), key=lambda user: user.name
    )
    form = CatalogueForm(
        request.GET or None, languages=sorted({row.language for row in rows}), teachers=unique_teachers
    )
    data = form.cleaned_data if form.is_valid() else {}
    query = (data.get("q") or "").strip()
    if query:
        found = {page.pk for page in pages.search(query)}
        rows = [row for row in rows if row.pk in found]
    for name in ("language", "level", "course_type"):
        if data.get(name):
            rows = [row for row in rows if getattr(row, name) == data[name]]
    if data.get("teacher"):
        rows = [row for row in rows if any(user.pk == data["teacher"] for user in teachers.get(row.course_id, ()))]

    currency = getattr(request, "currency", settings.FLUENTORY_DEFAULT_CURRENCY)
    sort = data.get("sort") or Sort.POPULAR
    price_filtered = data.get("min_price") is not None or data.get("max_price") is not None
    course_ids = [row.course_id for row in rows]
    # Only a price range or a price order needs every course priced; otherwise only the page shown is.
    offers = course_data.offers_for_courses(course_ids, currency) if price_filtered or sort == Sort.PRICE else None
    if price_filtered and offers:
        rows = [row for row in rows if _in_range(offers.get(row.course_id), data)]
    ratings = {row.course_id: selectors.rating_summary(row.rating_average, row.rating_count) for row in rows}
    rows = _sorted(rows, sort=sort, offers=offers or {}, ratings=ratings)

    paginator = Paginator(rows, COURSES_PER_PAGE)
    page_of_rows = paginator.get_page(request.GET.get("page"))
    shown = list(page_of_rows.object_list)
    if offers is None:
        offers = course_data.offers_for_courses([row.course_id for row in shown], currency)
    by_pk = (
        pages.model.objects.filter(pk__in=[row.pk for row in shown])
        .select_related("course", "course__cover_image")
        .prefetch_related("course__cover_image__renditions")
        .in_bulk()
    )
    return Catalogue(
        form=form,
        course_pages=[by_pk[row.pk] for row in shown if row.pk in by_pk],
        paginated=page_of_rows,
        offers=offers,
        ratings=ratings,
        course_count=paginator.count,
        price_filter_pending=price_filtered and not offers,
        filtered=is_filtered(request.GET),
    )


def _sorted(rows: list[_Row], *, sort: str, offers: dict, ratings: dict) -> list[_Row]:
    """Rows in the order asked for; ties (and courses without a price or rating) keep the title order."""
    if sort == Sort.NEWEST:
        return sorted(rows, key=lambda row: row.published.timestamp() if row.published else 0, reverse=True)
    if sort == Sort.PRICE:
        missing = Decimal("Infinity")  # unpriced courses last
        return sorted(rows, key=lambda row: _amount(offers.get(row.course_id)) or missing)
    if sort == Sort.RATING:
        return sorted(rows, key=lambda row: _rating_key(ratings.get(row.course_id)), reverse=True)
    return sorted(rows, key=lambda row: row.enrolled, reverse=True)


def _rating_key(summary) -> tuple:
    if summary is None or summary.average is None:
        return (Decimal(-1), 0)
    return (summary.average, summary.count)


def _amount(offer) -> Decimal | None:
    return Decimal(offer.price.amount) if offer is not None else None


def _in_range(offer, data) -> bool:
    amount = _amount(offer)
    if amount is None:
        return False
    low, high = data.get("min_price"), data.get("max_price")
    return (low is None or amount >= low) and (high is None or amount <= high)
