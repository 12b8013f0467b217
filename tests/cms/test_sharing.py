"""Share buttons: links built from each network's address with UTM parameters, the editor's choice and order,
the share beacon (recorded, validated, throttled) and the admins' report of shares."""

import json
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from analytics.models import Event
from cms.models import CoursePage, SiteSettings
from core import sharing
from tests.cms.conftest import parse

BEACON = "/share/"


def beacon(client, **fields):
    body = {"network": "copy", "path": "/en/courses/x/", "language": "en", "kind": "course", **fields}
    return client.post(BEACON, json.dumps(body), content_type="text/plain")


def test_every_share_link_carries_the_networks_utm_parameters():
    links = sharing.share_links(url="/en/course/?page=2&utm_source=old", title="Arabic A1", networks=["x", "copy"])
    assert [link["code"] for link in links] == ["x", "copy"]
    shared = parse_qs(urlsplit(unquote(parse_qs(urlsplit(links[0]["href"]).query)["url"][0])).query)
    assert shared == {"page": ["2"], "utm_source": ["x"], "utm_medium": ["social"], "utm_campaign": ["share"]}
    assert links[1]["url"].endswith("utm_source=copy&utm_medium=social&utm_campaign=share")


@given(st.text(min_size=1, max_size=80))
def test_a_title_never_breaks_out_of_its_share_address(title):
    for link in sharing.share_links(url="/en/", title=title):
        parts = urlsplit(link["href"])
        assert " " not in link["href"] and "#" not in link["href"]
        if link["code"] != "copy":
            assert parts.scheme in {"https", "mailto"}


def test_share_links_start_from_the_sites_one_base_url(settings):
    settings.SITE_URL = "https://school.example"
    assert sharing.tagged_url("/en/", "x").startswith("https://school.example/en/?")


def test_course_page_shows_the_editors_networks_in_their_order(client, site):
    details = SiteSettings.for_site(site["en"].get_site())
    details.share_networks = [("network", "telegram"), ("network", "copy"), ("network", "whatsapp")]
    details.save()
    page = CoursePage.objects.live().filter(locale__language_code="en").first()
    soup = parse(client.get(page.url))
    shown = [node["data-share-network"] for node in soup.select(".share [data-share-network]")]
    assert shown == ["native", "telegram", "copy", "whatsapp"]
    assert soup.select_one(".share")["data-share"] == "course"


def test_no_networks_chosen_means_no_share_buttons(client, site):
    details = SiteSettings.for_site(site["en"].get_site())
    details.share_networks = []
    details.save()
    page = CoursePage.objects.live().filter(locale__language_code="ar").first()
    assert parse(client.get(page.url)).select_one(".share") is None


def test_a_network_chosen_twice_is_refused_in_the_settings():
    from wagtail.blocks import StreamBlockValidationError

    from cms.models.navigation import ShareNetworksBlock

    block = ShareNetworksBlock()
    value = block.to_python([{"type": "network", "value": "x"}, {"type": "network", "value": "x"}])
    with pytest.raises(StreamBlockValidationError) as refused:
        block.clean(value)
    assert "only once" in str(refused.value.non_block_errors)
    assert len(block.clean(block.to_python([{"type": "network", "value": "x"}]))) == 1


def test_blog_posts_and_certificates_have_share_buttons(client, site):
    from cms.models import BlogPostPage

    post = BlogPostPage.objects.live().filter(locale__language_code="ar").first()
    assert parse(client.get(post.url)).select_one(".share")["data-share"] == "blog"


def test_the_beacon_records_a_share_by_an_anonymous_visitor(client, db):
    assert beacon(client, network="whatsapp", language="ar", kind="blog", path="/ar/blog/x/").status_code == 204
    event = Event.objects.get(name="share")
    assert (event.user, event.path) == (None, "/ar/blog/x/")
    assert event.properties == {"network": "whatsapp", "language": "ar", "kind": "blog"}


def test_the_beacon_records_who_shared_when_signed_in(client, student):
    client.force_login(student)
    assert beacon(client).status_code == 204
    assert Event.objects.get(name="share").user == student


@pytest.mark.parametrize(
    "fields",
    [
        {"network": "myspace"},
        {"network": ["x"]},
        {"path": "https://elsewhere.example/"},
        {"path": "//elsewhere.example/"},
        {"path": "/" + "a" * 600},
        {"language": "fr"},
        {"kind": "invoice"},
        {"kind": None},
    ],
)
def test_a_beacon_naming_what_is_not_shared_here_is_refused_and_records_nothing(client, db, fields):
    response = beacon(client, **fields)
    assert response.status_code == 400
    assert "error" in response.json()
    assert not Event.objects.exists()


def test_a_malformed_beacon_is_refused(client, db):
    assert client.post(BEACON, "[]", content_type="text/plain").status_code == 400
    assert client.post(BEACON, "x" * 3000, content_type="text/plain").status_code == 413
    assert client.get(BEACON).status_code == 405
    assert not Event.objects.exists()


def test_the_beacon_is_throttled_per_address(client, db, settings):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "share": "3/m/ip"}
    codes = [beacon(client).status_code for _ in range(5)]
    assert codes == [204, 204, 204, 429, 429]
    assert Event.objects.filter(name="share").count() == 3


REPORT = "cms_shares_report"


@pytest.mark.parametrize("who", ["student", "other_student", "teacher", "other_teacher", "partner", "marketing_editor"])
def test_only_admins_see_the_shares_report(client, db, request, who):
    beacon(client, network="x")
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse(REPORT))
    assert response.status_code in {302, 403}  # the admin sends people without access away, with a message
    assert b"/en/courses/x/" not in response.content


def test_an_admin_sees_the_shares_report(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse(REPORT)).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in_for_the_report(client, db):
    assert client.get(reverse(REPORT)).status_code == 302


def test_the_report_counts_shares_by_day_network_and_page_in_a_fixed_number_of_queries(
    client, admin_user, django_assert_max_num_queries, settings
):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "share": "100/m/ip"}
    for network in ("x", "x", "copy"):
        beacon(client, network=network)
    beacon(client, network="x", path="/ar/blog/y/", language="ar", kind="blog")
    client.force_login(admin_user)
    with django_assert_max_num_queries(25):
        response = client.get(reverse(REPORT))
    rows = [[cell.get_text(strip=True) for cell in row.select("td")] for row in parse(response).select("tbody tr")]
    assert [row[1:] for row in rows] == [
        ["x", "/en/courses/x/", "en", "2"],
        ["copy", "/en/courses/x/", "en", "1"],
        ["x", "/ar/blog/y/", "ar", "1"],
    ]
    for _ in range(20):
        beacon(client, network="telegram", path=f"/en/p{_}/")
    with django_assert_max_num_queries(25):
        client.get(reverse(REPORT))
    filtered = client.get(reverse(REPORT), {"network": "copy"})
    assert [row.select("td")[1].get_text(strip=True) for row in parse(filtered).select("tbody tr")] == ["copy"]
    export = client.get(reverse(REPORT), {"export": "csv"})
    assert b"/ar/blog/y/" in b"".join(export.streaming_content if export.streaming else [export.content])


def test_certificate_share_and_verification_pages_share_the_share_page(client, student, teacher):
    from learning.models import Enrollment
    from learning.services import certificates
    from tests.learning.factories import CourseFactory, EnrollmentFactory

    course = CourseFactory(title="Arabic greetings", teachers=[teacher])
    enrollment = EnrollmentFactory(student=student, course=course, status=Enrollment.Status.COMPLETED)
    certificate = certificates.issue_certificate(enrollment=enrollment)
    for address in (f"/certificates/{certificate.code}/share/", f"/certificates/{certificate.code}/"):
        box = parse(client.get(address)).select_one(".share")
        assert box["data-share"] == "certificate"
        copy = box.select_one('[data-share-network="copy"]')["data-share-url"]
        assert f"/certificates/{certificate.code}/share/?utm_source=copy" in copy
