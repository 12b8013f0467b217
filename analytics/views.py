from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.json_body import BadJson, json_object
from core.throttle import throttled

from .events import attribution_from, remember_attribution, track

MAX_BEACON_BYTES = 4096


@csrf_exempt  # cached pages carry no token; a visit record grants nothing and changes no one's data
@require_POST
@throttled("page_visit", as_json=True)
def page_visit(request):
    """Anyone: the browser reports a page view after the page has loaded, so pages stay cacheable."""
    if len(request.body) > MAX_BEACON_BYTES:
        return JsonResponse({"error": "Beacon too large."}, status=413)
    try:
        data = json_object(request.body)
    except BadJson:
        return JsonResponse({"error": "Beacon must be a JSON object."}, status=400)
    if not isinstance(data.get("path", ""), str):
        return JsonResponse({"error": "Beacon must carry a path."}, status=400)
    params = data.get("params") if isinstance(data.get("params"), dict) else {}
    params = {key: str(value) for key, value in params.items() if isinstance(value, str | int)}
    referrer = str(data.get("referrer", ""))
    if request.session.session_key:
        attribution = remember_attribution(request, referrer=referrer, params=params)
    else:
        # No session is created here: it would race the page's own requests (a currency switch, a log-in)
        # for the visitor's session cookie. The visit keeps its own attribution instead.
        attribution = attribution_from(referrer=referrer, params=params)
    track("page_visit", request=request, path=data.get("path") or "/", attribution=attribution)
    return HttpResponse(status=204)
