"""Account pages: a student's or teacher's personal API tokens (created, shown once, revoked)."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import scopes
from api.forms import PersonalTokenForm
from api.services import tokens


@login_required
def personal_tokens(request):
    """Signed-in students and teachers: their tokens, and a form for a new one whose value shows once."""
    allowed = scopes.personal_scopes_for(request.user)
    form = PersonalTokenForm(request.POST or None, user=request.user)
    created, status = None, 200
    if request.method == "POST" and allowed:
        if form.is_valid():
            expires_on = form.cleaned_data["expires_on"]
            expires_at = (
                datetime.combine(expires_on, time.max, tzinfo=ZoneInfo(request.user.time_zone)) if expires_on else None
            )
            try:
                _token, created = tokens.create_personal_token(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    expires_at=expires_at,
                )
            except tokens.TokenRefused as exc:
                form.add_error(None, exc.message)
        if created is None:
            status = 400
        else:
            form = PersonalTokenForm(user=request.user)
    return render(
        request,
        "api/personal_tokens.html",
        {
            "allowed": allowed,
            "form": form,
            "created": created,
            "tokens": request.user.api_tokens.order_by("-created_at")[:100],
        },
        status=status,
    )


@login_required
@require_POST
def revoke_token(request, pk):
    if tokens.revoke_personal_token(user=request.user, token_id=pk):
        messages.success(request, _("Token revoked: it no longer works."))
    else:
        messages.error(request, _("No such token."))
    return redirect("api-account:tokens")
