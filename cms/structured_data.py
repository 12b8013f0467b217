"""schema.org JSON-LD for the public pages, as plain dicts (rendered by the `ld_json` filter)."""

from __future__ import annotations

from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import Site
from wagtail.rich_text import expand_db_html
from wagtailseo.models import SeoSettings

from core.site_url import absolute_url

from . import page_cache, site_settings
from .models.navigation import SiteSettings

CONTEXT = "https://schema.org"


def _absolute(request, url: str) -> str:
    """Absolute on the site's public address (SITE_URL, as canonical URLs are), whatever host the request came on."""
    return absolute_url(url)


def _image_url(request, image, spec: str = "width-1200") -> str:
    if image is None:
        return ""
    return _absolute(request, image.get_rendition(spec).url)


def organization_facts(page, request) -> dict:
    """The school as schema.org sees it; cached until settings change or a page is published."""
    site = Site.find_for_request(request) if request is not None else page.get_site()
    key = page_cache.versioned_key(f"organization:{site.pk if site else 0}:{page.locale_id}")
    facts = page_cache.fragment_cache().get(key)
    if facts is None:
        facts = _organization_facts(page, request, site)
        page_cache.fragment_cache().set(key, facts, None)
    return facts


def _organization_facts(page, request, site) -> dict:
    # The request's settings are those the page's head and footer already read.
    seo_settings = SeoSettings.for_request(request) if request is not None else SeoSettings.for_site(site)
    details = SiteSettings.for_request(request) if request is not None else SiteSettings.for_site(site)
    home = page.trail()[0] if hasattr(page, "trail") else page  # the home page in the page's language
    facts = {
        "@type": seo_settings.struct_org_type or "Organization",
        "name": seo_settings.struct_org_name or (site.site_name if site else "Fluentory"),
        "url": _absolute(request, home.get_url(request=request)),
    }
    logo = _logo(seo_settings, details)
    if logo is not None:
        facts["logo"] = _image_url(request, logo, "max-600x600")
    same_as = [url for _, url in details.social_links]
    if same_as:
        facts["sameAs"] = same_as
    if details.contact_email or details.contact_phone:
        point = {"@type": "ContactPoint", "contactType": "customer service"}
        if details.contact_email:
            point["email"] = details.contact_email
        if details.contact_phone:
            point["telephone"] = details.contact_phone
        facts["contactPoint"] = point
    return facts


def _logo(seo_settings, details):
    return seo_settings.struct_org_logo or details.logo


def site_images(request) -> tuple:
    """The images any page may show besides its own, as the request's settings hold them: the organization's logo
    (its structured data) and the default share image. A page that reads other images' renditions can read
    these ones' in the same query."""
    site_settings.load_for_request(request)  # both settings with their images, in one query, if not yet read
    seo_settings = SeoSettings.for_request(request)
    return (_logo(seo_settings, SiteSettings.for_request(request)), seo_settings.og_image_default)


def organization(page, request) -> dict:
    return {"@context": CONTEXT, **organization_facts(page, request)}


def website(home, request) -> dict:
    home_url = _absolute(request, home.get_url(request=request))
    site = Site.find_for_request(request) if request is not None else home.get_site()
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "name": site.site_name if site is not None else home.title,
        "url": home_url,
        "inLanguage": translation.get_language(),  # the home page is served in its own language
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{home_url}search/?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumbs(trail, request) -> dict:
    return {
        "@context": CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb.title,
                "item": _absolute(request, crumb.get_url(request=request)),
            }
            for position, crumb in enumerate(trail, start=1)
        ],
    }


def faq_page(questions) -> dict:
    return {
        "@context": CONTEXT,
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question["question"],
                "acceptedAnswer": {"@type": "Answer", "text": expand_db_html(question["answer"].source)},
            }
            for question in questions
        ],
    }


COURSE_MODES = {"recorded": "online", "live": "online", "hybrid": "blended"}


def course(page, request, *, offers, teachers, rating=None) -> dict:
    """Course rich result: name, description and provider always; offers only when prices exist, the rating only
    when students have reviewed the course."""
    course = page.course
    data = {
        "@context": CONTEXT,
        "@type": "Course",
        "@id": page.seo_canonical_url,
        "url": page.seo_canonical_url,
        "name": page.title,
        "description": page.intro or course.summary or strip_tags(str(page.description))[:300],
        "provider": organization_facts(page, request),
        "inLanguage": page.locale.language_code,
        "teaches": course.language,
        "educationalLevel": course.level_label,
        "hasCourseInstance": [
            {
                "@type": "CourseInstance",
                "courseMode": COURSE_MODES.get(course.course_type, "online"),
                **({"courseWorkload": f"PT{course.estimated_hours}H"} if course.estimated_hours else {}),
                "instructor": [{"@type": "Person", "name": teacher.name} for teacher in teachers],
            }
        ],
    }
    if page.course_cover is not None:
        data["image"] = _image_url(request, page.course_cover)
    if rating is not None and rating.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": str(rating.average),
            "ratingCount": rating.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    if offers:
        data["offers"] = [
            {
                "@type": "Offer",
                "category": "Paid",
                "price": str(offer.price.amount),
                "priceCurrency": offer.price.currency,
                "url": page.seo_canonical_url,
                "availability": "https://schema.org/InStock",
            }
            for offer in offers
        ]
    return data


def blog_posting(post, request) -> dict:
    data = {
        "@context": CONTEXT,
        "@type": "BlogPosting",
        "headline": post.title[:110],
        "description": post.intro,
        "mainEntityOfPage": post.seo_canonical_url,
        "url": post.seo_canonical_url,
        "inLanguage": post.locale.language_code,
        "datePublished": post.date.isoformat(),
        "dateModified": (post.last_published_at.isoformat() if post.last_published_at else post.date.isoformat()),
        "author": {"@type": "Person", "name": post.author_name},
        "publisher": organization_facts(post, request),
        "keywords": ", ".join(tag.name for tag in post.tags.all()),
    }
    if post.cover_image is not None:
        data["image"] = [_image_url(request, post.cover_image)]
    return data
