from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.models import Role
from commerce.course_pages import COURSE_PAGE_URLS_HOOK

from . import page_cache, translation_moderation
from .admin_views import SharesReportView
from .models import BlogCategory, CoursePage, Menu


@hooks.register("before_serve_page", order=100)
def allow_page_cache(page, request, serve_args, serve_kwargs):
    # Runs after Wagtail's view-restriction check, so only pages anyone may see are cached.
    page_cache.mark_cacheable(request)


@hooks.register("before_edit_page", order=-10)
def hold_translation_while_source_awaits_moderation(request, page):
    # Runs before wagtail-localize swaps in its translation editor, so both editors are covered.
    source = translation_moderation.source_awaiting_moderation(page)
    if source is None:
        return None
    message = _t(
        "The %(language)s page “%(title)s” is awaiting moderation; publish this translation once it is approved."
    ) % {"language": source.locale.get_display_name(), "title": source.title}
    if translation_moderation.is_publish_request(request):
        messages.error(request, message)
        return redirect(request.get_full_path())
    if request.method == "GET":
        messages.warning(request, message)
    return None


@hooks.register(COURSE_PAGE_URLS_HOOK)
def course_page_urls(*, course_ids, language):
    # Only public courses are listed; their live pages are linked (a login-only page asks for a login, no more).
    pages = CoursePage.objects.live().filter(course_id__in=course_ids).select_related("locale")
    # Pages in the visitor's language come last, so they win over a page in another language.
    ordered = sorted(pages, key=lambda page: page.locale.language_code == language)
    return {page.course_id: page.get_url() for page in ordered}


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


@hooks.register("register_admin_urls")
def shares_report_urls():
    return [
        path("reports/shares/", SharesReportView.as_view(), name="cms_shares_report"),
        path("reports/shares/results/", SharesReportView.as_view(results_only=True), name="cms_shares_report_results"),
    ]


class AdminOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_active and request.user.has_role(Role.ADMIN)


@hooks.register("register_reports_menu_item")
def shares_report_menu_item():
    return AdminOnlyMenuItem(_("Shares"), reverse("cms_shares_report"), icon_name="link", order=720)
