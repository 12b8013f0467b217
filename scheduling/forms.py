"""Forms for teachers' calendars and classes; times typed by a teacher are in their own (active) time zone."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.timezones import time_zone_choices
from learning.models import Course, CourseType

from .models import CLASS_SEATS, SESSION_MINUTES, DateOverride, TeacherSchedule, Weekday

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _check_order(cleaned, start, end, message):
    if cleaned.get(start) and cleaned.get(end) and cleaned[end] <= cleaned[start]:
        raise forms.ValidationError({end: message})


class WeeklyHoursForm(forms.Form):
    days = forms.TypedMultipleChoiceField(
        label=_("Days"), choices=Weekday.choices, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    start_time = forms.TimeField(label=_("From"), widget=TIME)
    end_time = forms.TimeField(label=_("Until"), widget=TIME)

    def clean(self):
        cleaned = super().clean()
        _check_order(cleaned, "start_time", "end_time", _("The end must be after the start."))
        return cleaned


class DateOverrideForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=DateOverride.Kind.choices)
    start_time = forms.TimeField(label=_("From"), widget=TIME, required=False)
    end_time = forms.TimeField(label=_("Until"), widget=TIME, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == DateOverride.Kind.EXTRA:
            if not cleaned.get("start_time") or not cleaned.get("end_time"):
                raise forms.ValidationError(_("Extra hours need a start and an end."))
            _check_order(cleaned, "start_time", "end_time", _("The end must be after the start."))
        else:
            cleaned["start_time"] = cleaned["end_time"] = None
        return cleaned


class BlockedTimeForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("From"), widget=DATETIME)
    ends_at = forms.DateTimeField(label=_("Until"), widget=DATETIME)
    reason = forms.CharField(label=_("Reason (only you see it)"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        _check_order(cleaned, "starts_at", "ends_at", _("The end must be after the start."))
        return cleaned


class ScheduleSettingsForm(forms.ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone of your hours"), choices=time_zone_choices)

    class Meta:
        model = TeacherSchedule
        fields = [
            "time_zone",
            "session_minutes",
            "slot_step_minutes",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "minimum_notice_minutes",
            "max_sessions_per_day",
            "horizon_days",
            "accepts_private_sessions",
        ]


class GroupClassForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME)
    minutes = forms.IntegerField(
        label=_("Length (minutes)"), min_value=SESSION_MINUTES[0], max_value=SESSION_MINUTES[1], initial=60
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=CLASS_SEATS[0], max_value=CLASS_SEATS[1], initial=10)

    def __init__(self, *args, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = teacher.taught_courses.filter(
            course_type__in=[CourseType.LIVE, CourseType.HYBRID]
        ).order_by("title")
