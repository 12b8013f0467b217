"""JSON bodies read with core.json_body's rules: too deep or not JSON is a 400, never a 500."""

from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from core.json_body import BadJson, json_object


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return json_object(stream.read() if stream is not None else b"")
        except BadJson:
            raise ParseError(_("Send a JSON object.")) from None
