from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from core.throttle import throttled
from core.uploads import extension_of

from . import applications, certifications, login_links
from .forms import CurrencyForm, ProfileForm, TeacherApplicationForm
from .middleware import CURRENCY_SESSION_KEY
from .models import Role, TeacherCertification
from .permissions import role_required
from .portals import home_portal_url, portals_for


@login_required
def my_fluentory(request):
    """Anyone logged in: sends each person to the portal of their main role."""
    return redirect(home_portal_url(request.user))


@login_required
def profile(request):
    """Anyone logged in: their own profile only."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile has been saved."))
        request.session[CURRENCY_SESSION_KEY] = user.preferred_currency
        response = redirect("accounts:profile")
        response.set_cookie("django_language", user.preferred_language, samesite="Lax")
        translation.activate(user.preferred_language)
        return response
    teacher_certifications = (
        certifications.certifications_of(teacher=request.user) if request.user.has_role(Role.TEACHER) else []
    )
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "portals": portals_for(request.user), "certifications": teacher_certifications},
    )


@require_GET
@never_cache
@role_required(Role.TEACHER, Role.ADMIN)
def certification_document(request, pk):
    """Admins, and the teacher it belongs to: a certification's document, always as a download."""
    certification = get_object_or_404(TeacherCertification.objects.select_related("profile"), pk=pk)
    if not certifications.may_open_document(user=request.user, certification=certification):
        raise PermissionDenied(_("This document belongs to another teacher."))
    if not certification.document:
        raise Http404(_("No document was uploaded for this certification."))
    name = f"{slugify(certification.title) or 'certification'}.{extension_of(certification.document.name)}"
    return FileResponse(certification.document.open("rb"), as_attachment=True, filename=name)


# No CSRF token, so the public pages carrying the switcher stay cacheable; the session cookie is SameSite=Lax,
# so a cross-site POST arrives without it and cannot change anyone's preference.
@csrf_exempt
@require_POST
def set_currency(request):
    """Anyone, signed in or not: the currency prices are shown in (a POST: state never changes on GET)."""
    form = CurrencyForm(request.POST)
    target = request.POST.get("next") or "/"
    # Only a path on this site: `redirect("foo")` would try to reverse a URL named "foo" and fail.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    if not form.is_valid():
        messages.error(request, _("That currency is not offered."))
        return HttpResponseRedirect(target)
    currency = form.cleaned_data["currency"]
    request.session[CURRENCY_SESSION_KEY] = currency
    if request.user.is_authenticated and request.user.preferred_currency != currency:
        request.user.preferred_currency = currency
        request.user.save(update_fields=["preferred_currency"])
    return HttpResponseRedirect(target)


@throttled("teacher_application")
def teach_with_us(request):
    """Anyone: the "Teach with us" application form."""
    form = TeacherApplicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        application = form.save(commit=False)
        application.language = (request.LANGUAGE_CODE or "en").split("-")[0]
        applications.submit(application=application)
        return render(request, "accounts/teach_with_us.html", {"sent": True})
    return render(request, "accounts/teach_with_us.html", {"form": form})


@sensitive_variables("token")
def login_link(request, uidb36: str, token: str):
    """Anyone holding a link support emailed: a button that logs them in, once, within the link's lifetime."""
    user = login_links.user_for(uidb36, token)
    if user is None:
        return render(request, "accounts/login_link.html", {"invalid": True}, status=400)
    if request.method == "POST":
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("You are logged in."))
        return redirect("my-fluentory")
    return render(request, "accounts/login_link.html", {"user_name": user.name})
