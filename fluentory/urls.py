from anymail import urls as anymail_urls
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path, re_path
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import my_fluentory

from .views import healthz, public_media

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("me/", my_fluentory, name="my-fluentory"),
    path("t/", include("analytics.urls")),
    path("notifications/", include("notifications.urls")),
    path("", include("api.urls")),
    path("", include("api.account_urls")),
    path("", include("accounts.urls")),
    path("", include("learning.urls")),
    path("", include("tutor.urls")),
    path("", include("placement.urls")),
    path("", include("commerce.urls")),
    path("", include("scheduling.urls")),
    path("", include("partners.urls")),
    path("", include("analytics.portal_urls")),
    path("", include("cms.urls")),
]

# Never served open (without a secret anyone could report bounces); only the tracking webhooks in use.
tracking = [pattern for pattern in anymail_urls.urlpatterns if pattern.name in settings.ANYMAIL_TRACKING_WEBHOOKS]
if tracking:
    urlpatterns.insert(0, path("anymail/", include((tracking, "anymail"))))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.SERVE_PUBLIC_MEDIA:
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", public_media, name="public-media")]

urlpatterns += i18n_patterns(path("", include("cms.serving")), prefix_default_language=True)
