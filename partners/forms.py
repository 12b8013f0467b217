"""Forms of the partner portal and of the admins' partner screens; the services hold the rules."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from learning.selectors import catalogue_courses

from . import attachments
from .models import BundleRequest, Ticket
from .services.cohorts import MAX_INVITATIONS_AT_ONCE


class CourseChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(queryset=catalogue_courses().order_by("title"), **kwargs)

    def label_from_instance(self, course):
        return course.localized_title


class CohortForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Cohort name"), max_length=120)
    courses = CourseChoiceField(label=gettext_lazy("Courses"))
    seats_requested = forms.IntegerField(label=gettext_lazy("Seats requested"), min_value=1, max_value=10_000)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the invitations"), choices=settings.LANGUAGES, initial="en"
    )


class InviteForm(forms.Form):
    emails = forms.CharField(
        label=gettext_lazy("Email addresses"),
        help_text=gettext_lazy("One address a line, or separated by commas."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_emails(self):
        addresses = [part.strip() for part in self.cleaned_data["emails"].replace(",", "\n").splitlines()]
        addresses = [address for address in addresses if address]
        bad = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                bad.append(address)
        if bad:
            raise ValidationError(_("Not email addresses: %(list)s") % {"list": ", ".join(bad[:5])})
        if len(addresses) > MAX_INVITATIONS_AT_ONCE:
            raise ValidationError(
                _("Invite at most %(count)s addresses at a time.") % {"count": MAX_INVITATIONS_AT_ONCE}
            )
        return addresses


class BundleRequestForm(forms.Form):
    courses = CourseChoiceField(label=gettext_lazy("Courses wanted"))
    students = forms.IntegerField(label=gettext_lazy("Number of students"), min_value=1, max_value=100_000)
    currency = forms.ChoiceField(label=gettext_lazy("Currency"))
    message = forms.CharField(label=gettext_lazy("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(code, code) for code in settings.FLUENTORY_CURRENCIES]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to `attachments.MAX_FILES` files in one input, checked together."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.txt"}))
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            gettext_lazy("Up to 3 files: PDF, PNG, JPG or TXT, 5 MB each."),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [file for file in (data if isinstance(data, list | tuple) else [data]) if file]
        files = [super(AttachmentsField, self).clean(file, initial) for file in files]
        attachments.check_attachments(files)
        return files


class TicketMessageForm(forms.Form):
    body = forms.CharField(label=gettext_lazy("Message"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 5}))
    attachments = AttachmentsField(label=gettext_lazy("Attachments"))

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Write a message."))
        return body


class TicketForm(TicketMessageForm):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    field_order = ["subject", "body", "attachments"]


class AdminReplyForm(TicketMessageForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Then"),
        choices=[
            (Ticket.Status.WAITING, gettext_lazy("Wait for the partner")),
            (Ticket.Status.CLOSED, gettext_lazy("Close the ticket")),
        ],
        initial=Ticket.Status.WAITING,
    )


class CohortDecisionForm(forms.Form):
    seats = forms.IntegerField(label=gettext_lazy("Seats granted"), min_value=1, max_value=10_000, required=False)
    reason = forms.CharField(
        label=gettext_lazy("Reason for declining (sent to the partner)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        decision = self.data.get("decision")
        if decision == "approve" and not data.get("seats"):
            self.add_error("seats", _("Set the number of seats granted."))
        elif decision == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the cohort is declined: the partner reads it."))
        elif decision not in {"approve", "decline"}:
            raise ValidationError(_("Choose approve or decline."))
        return data


class BundleAnswerForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=BundleRequest.Status.choices)
    quote = forms.DecimalField(
        label=gettext_lazy("Quote (in the request's currency)"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=3,
    )
    answer = forms.CharField(
        label=gettext_lazy("Answer to the partner"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
