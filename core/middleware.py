from django.shortcuts import render
from django.utils.datastructures import MultiValueDictKeyError


class IncompleteFormMiddleware:
    """A POST missing a field the form machinery indexes directly (Wagtail's StreamField `body-count`, for one)
    is a tampered or truncated form, and so is an id too large for the database to compare (SQLite refuses
    `pk IN (10**30)` where PostgreSQL finds nothing): 400 with a reason, not a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, MultiValueDictKeyError | OverflowError) and request.method == "POST":
            return render(request, "400.html", status=400)
        return None
