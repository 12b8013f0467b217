"""The Email outbox in the admin: delivery figures over the list, and each email's provider events."""

from wagtail.admin.views import generic

from . import tracking
from .models import OutboxEmail


class OutboxIndexView(generic.IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["summary"] = tracking.summary()
        return context


class OutboxInspectView(generic.InspectView):
    def get_object(self, queryset=None):
        email = super().get_object(queryset)
        self.events = list(email.events.all())
        return email

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["events"] = self.events
        context["unsubscribe_url"] = unsubscribe_url_in(self.object)
        return context


def unsubscribe_url_in(email: OutboxEmail) -> str:
    """The web address of the List-Unsubscribe header the email went out with ("<https://…>, <mailto:…>")."""
    for part in email.headers.get("List-Unsubscribe", "").split(","):
        address = part.strip().strip("<>")
        if address.startswith(("https://", "http://")):
            return address
    return ""
