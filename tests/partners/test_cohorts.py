"""Private cohorts: requested by a partner, decided by an admin, joined by students through the link or an
invitation, enrolled in the cohort's courses; seats, closing and revoking hold."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import AuditEntry
from learning.models import Enrollment, LessonProgress
from notifications.models import Notification
from partners.models import Cohort, CohortInvitation, CohortMember
from partners.services import PartnerRefused, cohorts
from tests.factories import UserFactory

from .factories import CohortFactory

pytestmark = pytest.mark.django_db


def test_a_partner_requests_a_cohort_and_the_admins_are_told(client, partner, admin_user, courses):
    client.force_login(partner)
    response = client.post(
        reverse("partners:cohort-create"),
        {"name": "Spring group", "courses": [c.pk for c in courses], "seats_requested": 12, "language": "ar"},
    )
    cohort = Cohort.objects.get()
    assert response.status_code == 302 and response.url == reverse("partners:cohort", args=[cohort.pk])
    assert (cohort.partner, cohort.status, cohort.seats_requested, cohort.seats) == (partner, "pending", 12, 0)
    assert set(cohort.courses.all()) == set(courses)
    assert cohort.join_token == ""
    assert Notification.objects.filter(user=admin_user, kind="partners.cohort").exists()


def test_a_cohort_request_without_courses_is_refused_and_nothing_is_saved(client, partner):
    client.force_login(partner)
    response = client.post(reverse("partners:cohort-create"), {"name": "X", "seats_requested": 0, "language": "en"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not Cohort.objects.exists()


def test_an_admin_approves_with_seats_and_the_partner_is_emailed(
    partner, admin_user, courses, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(partner=partner, courses=courses, seats_requested=10)
    with django_capture_on_commit_callbacks(execute=True):
        cohorts.approve_cohort(cohort=cohort, admin=admin_user, seats=4)
    cohort.refresh_from_db()
    assert (cohort.status, cohort.seats, cohort.decided_by) == ("approved", 4, admin_user)
    assert len(cohort.join_token) >= 40
    assert any(partner.email in m.to and "approved" in m.subject for m in mail.outbox)
    assert AuditEntry.objects.filter(action="partners.cohort_approved", target_id=str(cohort.pk)).exists()
    with pytest.raises(PartnerRefused):
        cohorts.decline_cohort(cohort=cohort, admin=admin_user, reason="Too late")


def test_an_admin_declines_with_a_reason_the_partner_reads(
    client, partner, admin_user, courses, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(partner=partner, courses=courses)
    with pytest.raises(PartnerRefused):
        cohorts.decline_cohort(cohort=cohort, admin=admin_user, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        cohorts.decline_cohort(cohort=cohort, admin=admin_user, reason="Those courses are being rewritten.")
    assert any(partner.email in m.to and "declined" in m.subject for m in mail.outbox)
    client.force_login(partner)
    page = client.get(reverse("partners:cohort", args=[cohort.pk])).content.decode()
    assert "Those courses are being rewritten." in page


def test_joining_enrolls_in_every_course_once_and_twice_changes_nothing(cohort, student, courses):
    cohorts.join(token=cohort.join_token, student=student)
    cohorts.join(token=cohort.join_token, student=student)
    assert CohortMember.objects.filter(cohort=cohort).count() == 1
    enrollments = Enrollment.objects.filter(student=student)
    assert {e.course for e in enrollments} == set(courses)
    assert {e.source for e in enrollments} == {Enrollment.Source.COHORT}


def test_a_join_link_beyond_its_seats_is_refused(cohort):
    for _ in range(3):
        cohorts.join(token=cohort.join_token, student=UserFactory())
    late = UserFactory()
    with pytest.raises(PartnerRefused, match="Every seat"):
        cohorts.join(token=cohort.join_token, student=late)
    assert not Enrollment.objects.filter(student=late).exists()
    assert cohort.members.count() == 3


def test_a_revoked_link_and_a_closed_cohort_are_refused(cohort, partner, student):
    [invitation] = cohorts.invite(cohort=cohort, partner=partner, emails=["sam@example.com"])
    old = cohort.join_token
    cohorts.revoke_link(cohort=cohort, partner=partner)
    with pytest.raises(PartnerRefused, match="not valid"):
        cohorts.join(token=old, student=student)
    cohort.refresh_from_db()
    cohorts.close_cohort(cohort=cohort, partner=partner)
    with pytest.raises(PartnerRefused, match="closed"):
        cohorts.join(token=invitation.token, student=student)
    assert not Enrollment.objects.filter(student=student).exists()


def test_a_pending_cohort_cannot_be_joined_and_teachers_cannot_join(partner, courses, teacher):
    pending = CohortFactory(partner=partner, courses=courses, join_token="pending-token-123")
    with pytest.raises(PartnerRefused, match="not open yet"):
        cohorts.join(token="pending-token-123", student=UserFactory())
    cohort = CohortFactory(partner=partner, courses=courses, approved=True)
    with pytest.raises(PartnerRefused, match="student account"):
        cohorts.join(token=cohort.join_token, student=teacher)
    assert pending.members.count() == cohort.members.count() == 0


def test_invitations_are_emailed_each_with_its_own_token_and_are_used_once(
    cohort, partner, student, other_student, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cohorts.invite(cohort=cohort, partner=partner, emails=["a@example.com", "B@example.com", "a@example.com"])
    assert CohortInvitation.objects.filter(cohort=cohort).count() == 2
    assert CohortInvitation.objects.filter(sent_at__isnull=False).count() == 2
    tokens = {}
    for address in ("a@example.com", "b@example.com"):
        [message] = [m for m in mail.outbox if m.to == [address]]
        tokens[address] = re.search(r"/cohorts/join/([\w-]+)/", message.body).group(1)
    assert tokens["a@example.com"] != tokens["b@example.com"] != cohort.join_token
    cohorts.join(token=tokens["a@example.com"], student=student)
    assert CohortInvitation.objects.get(email="a@example.com").accepted_by == student
    with pytest.raises(PartnerRefused, match="already been used"):
        cohorts.join(token=tokens["a@example.com"], student=other_student)
    # Sending again (a retried task) sends nothing more.
    invitation = CohortInvitation.objects.get(email="a@example.com")
    count = len(mail.outbox)
    cohorts.send_invitation_email(invitation.pk)
    assert len(mail.outbox) == count


def test_bad_invitation_addresses_are_refused_and_nothing_is_sent(client, cohort, partner):
    client.force_login(partner)
    response = client.post(reverse("partners:cohort", args=[cohort.pk]), {"emails": "a@example.com, not-an-address"})
    assert response.status_code == 400
    assert "Not email addresses: not-an-address" in response.content.decode()
    assert not CohortInvitation.objects.exists() and not mail.outbox


def test_the_join_page_asks_anonymous_visitors_to_sign_in_and_joins_a_signed_in_student(client, cohort, student):
    url = reverse("partners:cohort-join", args=[cohort.join_token])
    page = client.get(url)
    assert page.status_code == 200 and "Log in to join" in page.content.decode()
    assert client.post(url).url.startswith(reverse("account_login"))
    client.force_login(student)
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("learning:student-home")
    assert cohort.members.filter(student=student).exists()


def test_a_wrong_token_gets_a_clear_message(client, student):
    client.force_login(student)
    response = client.post(reverse("partners:cohort-join", args=["forged-token"]))
    assert response.status_code == 400
    assert "This join link is not valid" in response.content.decode()
    assert not Enrollment.objects.exists()


def test_the_partner_revokes_the_link_and_closes_the_cohort_from_the_portal(client, cohort, partner):
    client.force_login(partner)
    old = cohort.join_token
    client.post(reverse("partners:cohort-revoke-link", args=[cohort.pk]))
    cohort.refresh_from_db()
    assert cohort.join_token and cohort.join_token != old
    client.post(reverse("partners:cohort-close", args=[cohort.pk]))
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.CLOSED and cohort.join_token == ""


def test_the_progress_overview_shows_each_member_in_each_course_in_a_fixed_number_of_queries(
    client, cohort, partner, courses, django_assert_max_num_queries
):
    def add_members(count):
        for _ in range(count):
            student = UserFactory()
            cohort.seats += 1
            cohort.save(update_fields=["seats"])
            cohorts.join(token=cohort.join_token, student=student)

    add_members(2)
    first = cohort.members.select_related("student").first()
    enrollment = Enrollment.objects.get(student=first.student, course=courses[0])
    lesson = courses[0].lessons.first()
    LessonProgress.objects.create(
        enrollment=enrollment,
        lesson=lesson,
        started_at=enrollment.enrolled_at,
        last_viewed_at=enrollment.enrolled_at,
        completed_at=enrollment.enrolled_at,
    )
    client.force_login(partner)
    url = reverse("partners:cohort", args=[cohort.pk])
    client.get(url)  # the session's and the site's first-request writes
    with django_assert_max_num_queries(25) as few:
        page = client.get(url)
    html = page.content.decode()
    assert first.student.name in html and "50% (1/2 lessons)" in html
    add_members(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert html.count("data-member=") == 2 and page.content.decode().count("data-member=") == 10


def test_the_partner_invites_from_the_cohort_page(client, cohort, partner, django_capture_on_commit_callbacks):
    client.force_login(partner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("partners:cohort", args=[cohort.pk]), {"emails": "a@example.com\nb@example.com"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]
    page = client.get(reverse("partners:cohort", args=[cohort.pk])).content.decode()
    assert "a@example.com" in page and "sent" in page


def test_admins_list_cohorts_waiting_for_approval_in_a_fixed_number_of_queries(
    client, admin_user, courses, django_assert_max_num_queries
):
    for _ in range(8):
        CohortFactory(courses=courses)
    approved = CohortFactory(courses=courses, approved=True)
    client.force_login(admin_user)
    client.get(reverse("partners_admin:cohorts"))
    with django_assert_max_num_queries(30):
        page = client.get(reverse("partners_admin:cohorts"), {"status": "pending"}).content.decode()
    assert page.count("data-cohort=") == 8 and f'data-cohort="{approved.pk}"' not in page


def test_tries_at_join_links_are_rate_limited_and_a_refused_try_joins_nobody(client, settings, cohort):
    settings.FLUENTORY_RATE_LIMITS = {**settings.FLUENTORY_RATE_LIMITS, "cohort_join": "2/h/ip"}
    student = UserFactory()
    client.force_login(student)
    for _ in range(2):
        client.post(reverse("partners:cohort-join", args=["not-a-token"]))
    response = client.post(reverse("partners:cohort-join", args=[cohort.join_token]))
    assert response.status_code == 429
    assert not CohortMember.objects.filter(student=student).exists()
