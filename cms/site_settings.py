"""The site's own settings and wagtail-seo's, with their images, read for a request in one query."""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from wagtail.models import Site
from wagtailseo.models import SeoSettings

from .models.navigation import SiteSettings


def load_for_request(request) -> None:
    """Reads both settings (logo and default share image included) where `for_request` will find them."""
    if hasattr(request, SiteSettings.get_cache_attr_name()) or hasattr(request, SeoSettings.get_cache_attr_name()):
        return
    site = Site.find_for_request(request)
    if site is None:
        return
    details = (
        SiteSettings.objects.filter(site=site)
        .select_related("logo", "site__seosettings__og_image_default", "site__seosettings__struct_org_logo")
        .first()
    )
    if details is None:
        return  # not saved yet: `for_request` creates it as usual
    try:
        seo = details.site.seosettings
    except ObjectDoesNotExist:
        seo = None
    for setting in filter(None, (details, seo)):
        setting._request = request  # as `for_request` does, for the page URLs settings build
        setattr(request, setting.get_cache_attr_name(), setting)
