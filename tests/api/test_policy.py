"""The API's policy (bearer tokens, scopes, rate limits) is set on its views rather than in DRF's global settings,
which other apps' DRF views share: every endpoint under /api/v1/ must take it from `ApiView`, or it would answer
with DRF's defaults (session and basic authentication, anyone allowed)."""

from django.urls import URLPattern

from api.urls import v1
from api.views.base import ApiView


def test_every_v1_endpoint_takes_the_apis_policy():
    views = {pattern.name: pattern.callback.view_class for pattern in v1 if isinstance(pattern, URLPattern)}

    assert views and all(issubclass(view, ApiView) for view in views.values()), [
        name for name, view in views.items() if not issubclass(view, ApiView)
    ]
