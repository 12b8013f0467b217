"""Bulk actions on the user list, each behind Wagtail's confirmation page; the services they call audit each person.

Wagtail's own user bulk actions (active state, group, delete) are audited by the hooks in wagtail_hooks."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.users.views.bulk_actions.user_bulk_action import UserBulkAction

from . import support


class SupportBulkAction(UserBulkAction):
    template_name = "accounts/admin/confirm_bulk_action.html"
    permission_required = "change"
    question = ""
    button_label = ""

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission(self.request.user, "change")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "question": self.question, "button_label": self.button_label}

    def get_execution_context(self):
        return {"by": self.request.user}

    @classmethod
    def execute_action(cls, objects, by=None, **kwargs):
        return sum(1 for user in objects if cls.apply(user=user, by=by)), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d user updated.", "%(count)d users updated.", num_parent_objects) % {
            "count": num_parent_objects
        }


class EndSessionsBulkAction(SupportBulkAction):
    display_name = _("End sessions")
    action_type = "end_sessions"
    aria_label = _("End every session of the selected users")
    action_priority = 30
    question = _("End every open session of these users? They will have to log in again.")
    button_label = _("Yes, end their sessions")

    @staticmethod
    def apply(*, user, by):
        return support.end_all_sessions(user=user, by=by) > 0


class MarkVerifiedBulkAction(SupportBulkAction):
    display_name = _("Mark verified")
    action_type = "mark_verified"
    aria_label = _("Mark the email addresses of the selected users as verified")
    action_priority = 31
    question = _("Mark the email addresses of these users as verified?")
    button_label = _("Yes, mark them verified")

    @staticmethod
    def apply(*, user, by):
        return support.mark_verified(user=user, by=by)


class DisableBulkAction(SupportBulkAction):
    display_name = _("Disable")
    action_type = "disable"
    aria_label = _("Disable the selected users and end their sessions")
    action_priority = 32
    question = _("Disable these accounts? They cannot log in until enabled again, and their sessions end now.")
    button_label = _("Yes, disable them")

    def get_actionable_objects(self):
        objects, without_access = super().get_actionable_objects()
        others = [user for user in objects if user.pk != self.request.user.pk]
        if len(others) != len(objects):
            without_access["items_with_no_access"] = [*without_access["items_with_no_access"], self.request.user]
        return others, without_access

    @staticmethod
    def apply(*, user, by):
        return support.set_active(user=user, active=False, by=by)


BULK_ACTIONS = (EndSessionsBulkAction, MarkVerifiedBulkAction, DisableBulkAction)
