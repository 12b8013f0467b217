"""Private cohorts in the partner portal (partners, each seeing only their own), and the join page students open."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from accounts.permissions import role_required
from core.site_url import absolute_url
from core.throttle import throttled
from learning.selectors import progress_of

from .forms import CohortForm, InviteForm
from .models import Cohort
from .services import PartnerRefused
from .services import cohorts as service

PER_PAGE = 20


def _own(request, pk) -> Cohort:
    return get_object_or_404(Cohort, pk=pk, partner=request.user)


@role_required(Role.PARTNER)
def cohort_list(request):
    """Partners: their cohorts with seats taken."""
    cohorts = (
        Cohort.objects.filter(partner=request.user).annotate(member_count=Count("members")).order_by("-created_at")
    )
    page = Paginator(cohorts, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "partners/cohorts.html", {"page": page})


@role_required(Role.PARTNER)
@require_http_methods(["GET", "POST"])
def cohort_create(request):
    """Partners: ask the school for a cohort (the admins grant the seats)."""
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = service.request_cohort(partner=request.user, **form.cleaned_data)
        messages.success(request, _("Cohort requested. We email you once the school has decided."))
        return redirect("partners:cohort", cohort.pk)
    return render(request, "partners/cohort_form.html", {"form": form}, status=400 if form.errors else 200)


@role_required(Role.PARTNER)
@require_http_methods(["GET", "POST"])
def cohort_detail(request, pk):
    """Partners: one cohort: its join link, invitations and the members' progress in each course."""
    cohort = _own(request, pk)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = service.invite(cohort=cohort, partner=request.user, emails=form.cleaned_data["emails"])
        except PartnerRefused as error:
            form.add_error("emails", error.message)
        else:
            messages.success(request, _("Invitations sent: %(count)s.") % {"count": len(sent)})
            return redirect("partners:cohort", cohort.pk)
    courses = list(cohort.courses.order_by("title"))
    members = Paginator(cohort.members.select_related("student").order_by("joined_at", "pk"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    progress = progress_of(student_ids=[m.student_id for m in members], course_ids=[c.pk for c in courses])
    rows = [(member, [progress.get((member.student_id, course.pk)) for course in courses]) for member in members]
    return render(
        request,
        "partners/cohort_detail.html",
        {
            "cohort": cohort,
            "courses": courses,
            "members": members,
            "rows": rows,
            "seats_taken": members.paginator.count,
            "join_link": absolute_url(service.join_path(cohort.join_token)) if cohort.join_token else "",
            "invitations": cohort.invitations.order_by("-created_at")[:50],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@role_required(Role.PARTNER)
@require_POST
def cohort_revoke_link(request, pk):
    try:
        service.revoke_link(cohort=_own(request, pk), partner=request.user)
    except PartnerRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The old link no longer works. Share the new one."))
    return redirect("partners:cohort", pk)


@role_required(Role.PARTNER)
@require_POST
def cohort_close(request, pk):
    try:
        service.close_cohort(cohort=_own(request, pk), partner=request.user)
    except PartnerRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The cohort is closed: no one else can join. Members keep their courses."))
    return redirect("partners:cohort", pk)


@require_http_methods(["GET", "POST"])
@throttled("cohort_join")
def cohort_join(request, token):
    """Anyone holding a join link or an invitation sees the cohort; a signed-in student joins it (anonymous
    visitors sign up or in, and come back here)."""
    cohort, invitation = service.cohort_for_token(token)
    error = ""
    try:
        service.refuse_unless_joinable(cohort, invitation, student=request.user)
    except PartnerRefused as refused:
        error = refused.message
    if request.method == "POST" and not error:
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            service.join(token=token, student=request.user)
        except PartnerRefused as refused:
            error = refused.message
        else:
            messages.success(
                request, _("You have joined %(name)s: your courses are in My courses.") % {"name": cohort.name}
            )
            return redirect("learning:student-home")
    response = render(
        request,
        "partners/cohort_join.html",
        {"cohort": None if error else cohort, "error": error, "courses": cohort.courses.all() if cohort else []},
        status=(409 if cohort is not None else 400) if error else 200,
    )
    response["Referrer-Policy"] = "same-origin"  # the link is a credential: no other site reads it in a Referer
    return response
