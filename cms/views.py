from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.json_body import BadJson, json_object
from core.throttle import throttled

from . import sharing

MAX_BEACON_BYTES = 2048


@csrf_exempt  # shared pages are cached and carry no token; a share record grants nothing and changes no one's data
@require_POST
@throttled("share", as_json=True)
def share_beacon(request):
    """Anyone: the browser reports that the visitor shared a page (which network, which page, which language)."""
    if len(request.body) > MAX_BEACON_BYTES:
        return JsonResponse({"error": "Beacon too large."}, status=413)
    try:
        data = json_object(request.body)
        sharing.record_share(
            request=request,
            network=data.get("network"),
            path=data.get("path"),
            language=data.get("language"),
            kind=data.get("kind"),
        )
    except (BadJson, sharing.ShareRefused) as error:
        return JsonResponse({"error": str(error) or "Beacon must be a JSON object."}, status=400)
    return HttpResponse(status=204)
