from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import centre as selectors
from . import preferences, unsubscribe
from .forms import PreferencesForm
from .kinds import Category, kind_of
from .models import ConsentRecord
from .services import mark_read

PAGE_SIZE = 20


@login_required
@require_GET
def centre(request):
    """Anyone logged in: their own notices, newest first."""
    page = Paginator(selectors.inbox(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(notice, kind_of(notice.kind)) for notice in page]
    return render(request, "notifications/centre.html", {"page": page, "items": items})


@login_required
@require_GET
def poll(request):
    """Anyone logged in: the unread count and newest unread notices, for the bell (one query)."""
    count, latest = selectors.poll(user=request.user)
    return JsonResponse(
        {
            "unread": count,
            "latest": [
                {
                    "id": notice.pk,
                    "title": notice.title,
                    "kind": str(kind_of(notice.kind).label),
                    "icon": kind_of(notice.kind).icon,
                }
                for notice in latest
            ],
        }
    )


@login_required
@require_POST
def open_notice(request, pk: int):
    """The notice's owner only: marks it read and goes where it points."""
    notice = get_object_or_404(selectors.inbox(user=request.user), pk=pk)
    mark_read(user=request.user, notification_ids=[notice.pk])
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
        return redirect(notice.url)
    return redirect("notifications:centre")


@login_required
@require_POST
def mark_one_read(request, pk: int):
    """The notice's owner only."""
    notice = get_object_or_404(selectors.inbox(user=request.user), pk=pk)
    mark_read(user=request.user, notification_ids=[notice.pk])
    return redirect("notifications:centre")


@login_required
@require_POST
def mark_all_read(request):
    """Anyone logged in: their own notices."""
    count = mark_read(user=request.user)
    messages.success(request, _("%(count)d notice(s) marked as read.") % {"count": count})
    return redirect("notifications:centre")


@login_required
@require_http_methods(["GET", "POST"])
def preferences_page(request):
    """Anyone logged in: their own preferences."""
    form = PreferencesForm(request.POST or None, current=preferences.all_channels(user=request.user))
    if request.method == "POST" and form.is_valid():
        for category, channels in form.chosen().items():
            preferences.set_channels(
                user=request.user, category=category, channels=channels, source=ConsentRecord.Source.PREFERENCES
            )
        messages.success(request, _("Your notification preferences have been saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


# Mail clients send the RFC 8058 one-click POST without a CSRF token; the signed token is the proof.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request, token: str):
    """Anyone holding a valid signed link, logged in or not: GET asks, POST unsubscribes."""
    try:
        user_id, category = unsubscribe.read_token(token)
    except unsubscribe.InvalidToken:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    label = dict(Category.CHOICES)[category]
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        source = ConsentRecord.Source.ONE_CLICK if one_click else ConsentRecord.Source.UNSUBSCRIBE_LINK
        preferences.unsubscribe(user=user, category=category, source=source)
        return render(request, "notifications/unsubscribe_done.html", {"category": label})
    return render(request, "notifications/unsubscribe_confirm.html", {"category": label})
