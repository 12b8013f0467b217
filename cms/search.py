"""Site search over live public pages of the visitor's language (the home page's `search/` route)."""

from django.core.paginator import Paginator
from wagtail.models import Page

RESULTS_PER_PAGE = 10
MAX_QUERY = 100


def search_pages(request, *, locale) -> dict:
    query = request.GET.get("q", "").strip()[:MAX_QUERY]
    results = None
    if query:
        pages = Page.objects.live().public().filter(locale=locale).specific()
        paginator = Paginator(pages.search(query), RESULTS_PER_PAGE)
        results = paginator.get_page(request.GET.get("page"))
    return {"query": query, "results": results, "search_page": True}
