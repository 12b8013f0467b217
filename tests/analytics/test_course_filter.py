"""The reports' course filter is Wagtail's course chooser: the page carries no option per course, `?course=<pk>`
still filters and shows the chosen course, and a bad id is refused with a message."""

import re

import pytest
from django.urls import reverse

from tests.learning.factories import CourseFactory

pytestmark = pytest.mark.django_db

REPORTS = ["tutor_usage_report", "analytics_funnel", "analytics_retention"]
RESULTS = {
    "tutor_usage_report": "tutor_usage_report_results",
    "analytics_funnel": "analytics_funnel_results",
    "analytics_retention": "analytics_retention_results",
}


@pytest.fixture
def courses():
    return [CourseFactory(title=f"Course number {number:02d}") for number in range(30)]


@pytest.mark.parametrize("report", REPORTS)
def test_the_report_page_lists_no_course_and_carries_the_chooser(client, admin_user, courses, report):
    client.force_login(admin_user)
    html = client.get(reverse(report)).content.decode()
    assert not re.search(r"<option[^>]*>\s*Course number", html)
    assert "Course number" not in html
    assert 'id="id_course-chooser"' in html and "new SnippetChooser(" in html
    assert "wagtailsnippets/js/snippet-chooser.js" in html  # the chooser's script is in the page's media


@pytest.mark.parametrize("report", REPORTS)
def test_a_chosen_course_filters_the_report_and_stays_shown(client, admin_user, courses, report):
    client.force_login(admin_user)
    chosen = courses[7]
    response = client.get(reverse(report), {"course": chosen.pk})
    assert response.status_code == 200
    assert response.context["view"].filters.form.cleaned_data["course"] == chosen
    html = response.content.decode()
    assert f'<input type="hidden" name="course" value="{chosen.pk}"' in html
    assert re.search(r'data-chooser-title id="id_course-title">\s*Course number 07\s*<', html)
    assert "Course number 08" not in html


@pytest.mark.parametrize("report", REPORTS)
def test_the_filters_rerendered_with_the_results_keep_the_chooser(client, admin_user, courses, report):
    client.force_login(admin_user)
    chosen = courses[3]
    response = client.get(reverse(RESULTS[report]), {"course": chosen.pk, "_w_filter_fragment": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and 'data-controller="w-teleport"' in html
    assert "new SnippetChooser(" in html and "Course number 03" in html and "Course number 04" not in html


@pytest.mark.parametrize("report", REPORTS)
@pytest.mark.parametrize("value", ["abc", "999999", "%00"])
def test_a_bad_course_id_is_refused_with_a_message(client, admin_user, courses, report, value):
    client.force_login(admin_user)
    response = client.get(reverse(report), {"course": value})
    assert response.status_code == 200
    form = response.context["view"].filters.form
    assert "course" in form.errors and "Select a valid choice" in form.errors["course"][0]
    html = response.content.decode()
    assert "Select a valid choice" in html and '<input type="hidden" name="course"' in html
