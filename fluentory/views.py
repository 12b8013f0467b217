import posixpath

from django.conf import settings
from django.http import Http404, HttpResponse
from django.views.static import serve

# Public images, their renditions and teachers' photos; documents and lesson files are never served from here.
PUBLIC_MEDIA_DIRS = ("images/", "original_images/", "teachers/")


def healthz(request):
    """Anyone: liveness for load balancers; touches nothing, so it doubles as the benchmarks' baseline."""
    return HttpResponse("ok", content_type="text/plain")


def public_media(request, path):
    """Anyone: public images when no web server serves MEDIA_ROOT (SERVE_PUBLIC_MEDIA, a run on one machine)."""
    path = posixpath.normpath(path).lstrip("/")  # "images/../documents/…" is a document
    if not path.startswith(PUBLIC_MEDIA_DIRS):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = f"public, max-age={settings.PUBLIC_MEDIA_MAX_AGE}"
    return response
