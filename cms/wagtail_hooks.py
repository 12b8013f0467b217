from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import page_cache
from .models import BlogCategory, Menu


@hooks.register("before_serve_page", order=100)
def allow_page_cache(page, request, serve_args, serve_kwargs):
    # Runs after Wagtail's view-restriction check, so only pages anyone may see are cached.
    page_cache.mark_cacheable(request)


class MenuViewSet(SnippetViewSet):
    model = Menu
    icon = "list-ul"
    menu_label = _("Menus")
    list_display = ["__str__", "place", "locale"]
    list_filter = ["place", "locale"]


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "tag"
    menu_label = _("Blog categories")
    list_display = ["name", "slug", "locale"]
    list_filter = ["locale"]


class SiteContentGroup(SnippetViewSetGroup):
    items = (MenuViewSet, BlogCategoryViewSet)
    menu_icon = "site"
    menu_label = _("Site content")
    menu_name = "site-content"


register_snippet(SiteContentGroup)
