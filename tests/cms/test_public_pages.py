"""Every public page type renders in English and Arabic with its meta tags, hreflang and structured data."""

import pytest
from django.conf import settings

from .conftest import by_type, json_ld, parse

PAGES = {
    "home": "/{lang}/",
    "landing": "/{lang}/arabic-for-business/",
    "category": "/{lang}/arabic-courses/",
    "course": "/{lang}/arabic-courses/arabic-a1-foundations/",
    "blog": "/{lang}/blog/",
    "post": "/{lang}/blog/ten-minutes-a-day/",
    "faq": "/{lang}/faq/",
    "standard": "/{lang}/about/",
    "contact": "/{lang}/contact/",
}


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("kind", PAGES)
def test_page_renders_with_meta_canonical_hreflang_and_breadcrumbs(client, demo_site, kind, lang):
    response = client.get(PAGES[kind].format(lang=lang))

    assert response.status_code == 200
    soup = parse(response)
    html = soup.find("html")
    assert html["lang"] == lang
    assert html["dir"] == ("rtl" if lang == "ar" else "ltr")
    assert soup.title.string.strip()
    assert soup.find("meta", attrs={"name": "description"})["content"]
    canonical = soup.find("link", rel="canonical")["href"]
    assert canonical == f"{settings.SITE_URL}{PAGES[kind].format(lang=lang)}"
    assert soup.find("meta", property="og:title")["content"]
    assert soup.find("meta", property="og:image")["content"].startswith("http")
    assert soup.find("meta", attrs={"name": "twitter:card"})["content"]
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
    assert set(alternates) == {"en", "ar", "x-default"}
    assert alternates["x-default"] == alternates["en"]
    assert alternates[lang] == canonical
    crumbs = by_type(json_ld(response), "BreadcrumbList")["itemListElement"]
    assert crumbs[-1]["item"] == canonical
    assert [crumb["position"] for crumb in crumbs] == list(range(1, len(crumbs) + 1))


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_home_page_carries_organization_and_website_with_search_action(client, demo_site, lang):
    data = json_ld(client.get(f"/{lang}/"))

    organization = by_type(data, "EducationalOrganization")
    assert organization["name"] == "Fluentory"
    assert organization["url"] == f"{settings.SITE_URL}/{lang}/"
    assert organization["logo"].startswith("http")
    assert "https://www.facebook.com/fluentory" in organization["sameAs"]
    website = by_type(data, "WebSite")
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{settings.SITE_URL}/{lang}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_course_page_structured_data_has_required_properties_and_no_offers_without_prices(client, demo_site, lang):
    response = client.get(f"/{lang}/arabic-courses/arabic-a1-foundations/")

    course = by_type(json_ld(response), "Course")
    assert course["name"] == {"en": "Arabic A1: Foundations", "ar": "العربية A1: الأساسيات"}[lang]
    assert course["description"]
    assert course["provider"]["name"] == "Fluentory"
    assert course["inLanguage"] == lang
    assert course["educationalLevel"].startswith("A1")
    assert course["hasCourseInstance"][0]["courseMode"] == "online"
    assert course["hasCourseInstance"][0]["courseWorkload"] == "PT30H"
    assert "offers" not in course  # no prices yet: none are invented
    assert "Price not available yet" in response.content.decode() or lang == "ar"


def test_course_structured_data_lists_an_offer_per_currency_once_prices_exist(client, demo_site, settings):
    from decimal import Decimal

    from commerce.models import CoursePrice
    from learning.models import Course

    course = Course.objects.get(slug="msa-reading-b1")
    CoursePrice.objects.bulk_create(
        CoursePrice(course=course, currency=code, amount=Decimal("49")) for code in settings.FLUENTORY_CURRENCIES
    )
    response = client.get("/en/arabic-courses/msa-reading-b1/")

    course = by_type(json_ld(response), "Course")
    assert {offer["priceCurrency"] for offer in course["offers"]} == {"USD", "EUR", "SAR", "AED", "JOD", "GBP"}
    assert all(offer["category"] == "Paid" for offer in course["offers"])
    assert {offer["price"] for offer in course["offers"] if offer["priceCurrency"] == "USD"} == {"49.00"}
    assert course["hasCourseInstance"][0]["courseMode"] == "blended"


def test_course_page_shows_facts_from_the_course_and_calls_to_action(client, demo_site):
    soup = parse(client.get("/en/arabic-courses/arabic-a1-foundations/"))

    text = soup.get_text(" ")
    assert "A1 · Beginner" in text and "Recorded" in text and "30 hours" in text
    assert "No reviews yet" in text
    links = {a["href"] for a in soup.select(".buy-box a")}
    assert links == {
        "/checkout/start/arabic-a1-foundations/",
        "/gifts/start/arabic-a1-foundations/",
        "/placement/",
    }


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_faq_page_structured_data_lists_every_question_and_the_video_answer_plays(client, demo_site, lang):
    response = client.get(f"/{lang}/faq/")

    faq = by_type(json_ld(response), "FAQPage")
    assert faq["mainEntity"]
    for question in faq["mainEntity"]:
        assert question["@type"] == "Question" and question["name"]
        assert question["acceptedAnswer"]["@type"] == "Answer" and question["acceptedAnswer"]["text"]
    soup = parse(response)
    video = soup.find("video")
    assert video["poster"] and video.find("source")["src"].endswith(".mp4")
    assert video.find("track", kind="captions")["srclang"] == lang


def test_faq_search_keeps_only_matching_questions(client, demo_site):
    soup = parse(client.get("/en/faq/", {"q": "currencies"}))

    questions = [summary.get_text(strip=True) for summary in soup.select(".faq-item summary")]
    assert questions == ["Which currencies can I pay in?"]


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_blog_post_has_blogposting_and_article_meta(client, demo_site, lang):
    response = client.get(f"/{lang}/blog/ten-minutes-a-day/")

    post = by_type(json_ld(response), "BlogPosting")
    for key in ("headline", "datePublished", "dateModified", "author", "image", "publisher", "mainEntityOfPage"):
        assert post[key], key
    assert post["author"]["@type"] == "Person"
    soup = parse(response)
    assert soup.find("meta", property="og:type")["content"] == "article"
    assert "minute" in soup.select_one(".byline").get_text() or lang == "ar"
    assert soup.select(".related-posts li")


def test_blog_index_paginates_filters_and_links_its_atom_feed(client, demo_site):
    soup = parse(client.get("/en/blog/", {"category": "news"}))
    assert [h2.get_text(strip=True) for h2 in soup.select(".post-card h2")] == ["New live classes in the evening"]

    feed = client.get("/en/blog/feed/")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert feed.content.count(b"<entry>") == 4


def test_site_search_finds_pages_in_the_visitors_language(client, demo_site):
    response = client.get("/en/search/", {"q": "IELTS"})

    assert response.status_code == 200
    titles = [a.get_text(strip=True) for a in parse(response).select(".search-results h2 a")]
    assert "IELTS Academic Preparation" in titles
    assert all("/ar/" not in a["href"] for a in parse(response).select(".search-results a"))


def test_untranslated_page_links_to_the_nearest_translated_section_and_says_so(client, demo_site):
    from cms.models import BlogIndexPage, BlogPostPage

    blog = BlogIndexPage.objects.get(locale__language_code="en")
    post = BlogPostPage(title="English only", slug="english-only", author_name="A", intro="Only in English.", body="[]")
    blog.add_child(instance=post)
    post.save_revision().publish()

    soup = parse(client.get("/en/blog/english-only/"))

    arabic = soup.select_one('.lang-switcher a[hreflang="ar"]')
    assert arabic["href"] == "/ar/blog/"
    assert "not translated" in arabic.get_text()
    assert not soup.find("link", rel="alternate", hreflang="ar")


def test_unknown_address_gets_the_friendly_404_page(client, demo_site):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert b"We could not find that page" in response.content
    assert parse(response).find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_noindex_page_says_so_in_its_robots_meta(client, demo_site):
    from cms.models import StandardPage

    page = StandardPage.objects.get(slug="terms", locale__language_code="en")
    page.robots_noindex = True
    page.robots_nofollow = True
    page.save_revision().publish()

    soup = parse(client.get("/en/terms/"))

    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"


@pytest.mark.parametrize("who", ["anonymous", "student", "teacher", "partner", "admin"])
def test_public_pages_are_open_to_everyone_and_show_the_right_account_links(client, demo_site, who):
    from tests.factories import UserFactory

    people = {
        "student": {},
        "teacher": {"teacher": True},
        "partner": {"partner": True},
        "admin": {"admin": True},
    }
    if who in people:
        client.force_login(UserFactory(display_name=f"Visiting {who}", **people[who]))

    for path in ("/en/", "/en/arabic-courses/arabic-a1-foundations/", "/ar/blog/"):
        response = client.get(path)
        assert response.status_code == 200
        if who == "anonymous":
            assert b'href="/accounts/signup/"' in response.content
        else:
            assert f"Visiting {who}".encode() in response.content


def test_header_and_footer_menus_come_from_the_editable_menus_in_each_language(client, demo_site):
    english, arabic = parse(client.get("/en/")), parse(client.get("/ar/"))

    assert [a.get_text() for a in english.select(".site-nav a")] == [
        "Arabic courses",
        "English courses",
        "Blog",
        "Questions and answers",
    ]
    assert english.select_one(".site-nav a")["href"] == "/en/arabic-courses/"
    assert arabic.select_one(".site-nav a")["href"] == "/ar/arabic-courses/"
    assert "/ar/search/" in [a["href"] for a in arabic.select(".site-footer a")]
    assert "hello@fluentory.test" in english.select_one(".site-footer").get_text()


def test_deep_addresses_are_served_only_while_the_page_is_live(client, demo_site):
    from cms.models import CoursePage

    def heading(path):
        response = client.get(path)
        h1 = parse(response).h1
        return response.status_code, h1.get_text(strip=True) if h1 else None

    not_found = (404, "We could not find that page")
    assert heading("/en/arabic-courses/arabic-a1-foundations/") == (200, "Arabic A1: Foundations")
    assert heading("/en/arabic-courses/no-such-course/") == not_found
    assert heading("/en/arabic-courses/arabic-a1-foundations/extra/") == not_found

    CoursePage.objects.get(slug="arabic-a1-foundations", locale__language_code="en").unpublish()

    assert heading("/en/arabic-courses/arabic-a1-foundations/") == not_found
    assert heading("/ar/arabic-courses/arabic-a1-foundations/") == (200, "العربية A1: الأساسيات")
