"""`POST /api/v1/token/`: the OAuth2 client_credentials grant (RFC 6749 §4.4), answered as that RFC says."""

import base64
import binascii
from urllib.parse import unquote

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from api import serializers
from api.parsers import JSONParser
from api.services import tokens
from api.views.base import ApiView


def _basic_credentials(request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, _sep, secret = decoded.partition(":")
    return unquote(client_id), unquote(secret)


class TokenView(ApiView):
    authentication_classes: list = []
    permission_classes: list = []
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    throttle_classes: list = []  # counted per address below by the anonymous rate, like any request without a token

    @extend_schema(
        summary="Exchange client credentials for a short-lived bearer token",
        request=serializers.TokenRequestSerializer,
        responses={200: serializers.TokenResponseSerializer, 400: serializers.REFUSAL, 401: None},
        examples=[
            OpenApiExample(
                "client_credentials",
                value={"grant_type": "client_credentials", "client_id": "flc_…", "client_secret": "fls_…"},
                request_only=True,
            )
        ],
        auth=[],
    )
    def post(self, request):
        from api.throttling import TokenRateThrottle

        throttle = TokenRateThrottle()
        if not throttle.allow_request(request, self):
            self.throttled(request, throttle.wait())
        incoming = serializers.TokenRequestSerializer(data=request.data)
        if not incoming.is_valid():
            error = "unsupported_grant_type" if "grant_type" in incoming.errors else "invalid_request"
            return Response({"error": error, "detail": incoming.errors}, status=status.HTTP_400_BAD_REQUEST)
        data = incoming.validated_data
        client_id, secret = _basic_credentials(request) or (data.get("client_id", ""), data.get("client_secret", ""))
        try:
            value, lifetime, scopes = tokens.exchange_client_credentials(
                client_id=client_id, client_secret=secret, scope=data.get("scope", "")
            )
        except tokens.TokenRefused as exc:
            code = status.HTTP_401_UNAUTHORIZED if exc.error == "invalid_client" else status.HTTP_400_BAD_REQUEST
            return Response({"error": exc.error, "detail": exc.message}, status=code)
        return Response(
            {"access_token": value, "token_type": "Bearer", "expires_in": lifetime, "scope": " ".join(scopes)},
            headers={"Cache-Control": "no-store"},
        )
