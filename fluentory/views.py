from django.http import HttpResponse


def healthz(request):
    """Anyone: liveness for load balancers; touches nothing, so it doubles as the benchmarks' baseline."""
    return HttpResponse("ok", content_type="text/plain")
