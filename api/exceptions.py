"""Errors as JSON `{"detail": …}`; a 404 stays a 404 instead of the locale middleware's redirect to /en/…."""

from rest_framework.views import exception_handler


def handler(exc, context):
    response = exception_handler(exc, context)
    request = context.get("request")
    if response is not None and response.status_code == 404 and request is not None:
        # LocaleMiddleware redirects a 404 to the language-prefixed address when that one resolves (the CMS
        # resolves every address); judged against the API's own URLs, /en/api/… does not.
        request._request.urlconf = "api.urls"
    return response
