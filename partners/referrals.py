"""The partner's referral links: their addresses with UTM parameters, the funnel of each, and new links."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from accounts.models import Role
from accounts.permissions import role_required
from commerce import partner_reports, referrals
from commerce.selectors import catalogue_courses
from commerce.services import referral_links

PAGE_SIZE = 20


class LinkForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=catalogue_courses(), empty_label=_("Choose a course"))
    name = forms.CharField(label=_("Name (for your reports)"), max_length=120, required=False)


@role_required(Role.PARTNER)
@require_http_methods(["GET", "POST"])
def referral_list(request):
    """Partners: their own links with the addresses to share, each link's funnel, and a form for a new one."""
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = referral_links.create_for_course(
                partner=request.user,
                course_id=form.cleaned_data["course"].pk,
                language=translation.get_language(),
                name=form.cleaned_data["name"],
            )
        except referral_links.LinkRefused as exc:
            form.add_error("course", str(exc))
        else:
            messages.success(request, _("Your link %(name)s is ready to share.") % {"name": link})
            return redirect("partners:referrals")
    page = Paginator(partner_reports.links_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    links = list(page.object_list)
    funnel = partner_reports.funnel(links=links)
    rows = [
        {
            "link": link,
            "short_url": referrals.short_url(link),
            "landing_url": referrals.landing_url(link),
            "funnel": funnel[link.pk],
        }
        for link in links
    ]
    return render(
        request,
        "partners/referrals.html",
        {"page": page, "rows": rows, "form": form},
        status=400 if request.method == "POST" else 200,
    )
