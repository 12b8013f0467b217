"""Reading a request's JSON body without letting odd input (too deep, not an object) become a 500."""

import json


class BadJson(ValueError):
    """The body is not a JSON object this site can read."""


def json_object(body: bytes) -> dict:
    """The body as a JSON object (an empty body reads as `{}`); BadJson for anything else."""
    try:
        data = json.loads(body or b"{}")
    except (ValueError, RecursionError) as exc:  # RecursionError: nesting deeper than the parser's stack
        raise BadJson(str(exc)) from exc
    if not isinstance(data, dict):
        raise BadJson("not a JSON object")
    return data
