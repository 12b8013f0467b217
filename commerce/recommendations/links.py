"""Links from a suggestion to its page that record the click on the way: signed, and only ever to this site.

The signature means nobody can make the site record clicks on suggestions it never showed, nor send a visitor
elsewhere through it; the destination is checked again when the link is followed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

SALT = "commerce.recommendations.click"


@dataclass(frozen=True)
class Click:
    to: str
    kind: str
    course_id: int | None
    place: str
    package_id: int | None = None

    def properties(self) -> dict:
        """What the click event records: the package only for a package's card."""
        recorded = {"kind": self.kind, "course": self.course_id, "place": self.place}
        if self.package_id is not None:
            recorded["package"] = self.package_id
        return recorded


def is_internal(url: str) -> bool:
    """A path on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    return (
        isinstance(url, str)
        and url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    )


def click_url(*, to: str, kind: str, course_id: int | None, place: str, package_id: int | None = None) -> str:
    if not is_internal(to):
        raise ValueError(f"Suggestions link only to this site, not {to!r}.")
    data = {"to": to, "k": kind, "c": course_id, "p": place}
    if package_id is not None:
        data["g"] = package_id
    token = signing.dumps(data, salt=SALT, compress=True)
    return reverse("commerce:recommendation-click", kwargs={"token": token})


def read(token: str) -> Click | None:
    """The click a link describes; None when it was not made here, was altered, or leads off the site."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    to, course_id, package_id = data.get("to"), data.get("c"), data.get("g")
    if not is_internal(to) or not all(value is None or isinstance(value, int) for value in (course_id, package_id)):
        return None
    return Click(
        to=to, kind=str(data.get("k", "")), course_id=course_id, place=str(data.get("p", "")), package_id=package_id
    )
