"""What a certificate shows the world: the verification facts (cached), its Open Badges 3.0 credential, and the
LinkedIn "add certification" link. Only the holder's name, the course, its level and the dates are ever shown."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from core.site_url import absolute_url

from .certificate_documents import verify_url
from .models import Certificate
from .models.courses import level_label
from .services.certificates import verification_cache_key

ISSUER_NAME = "Fluentory"
OB3_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]
LINKEDIN_ADD = "https://www.linkedin.com/profile/add"
VERIFY_CACHE_SECONDS = 24 * 3600  # revocation deletes the entry at once; this only bounds memory


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _level_in_site_language(certificate: Certificate) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return certificate.level_label


def level_shown(facts: dict) -> str:
    """The level of cached facts in the active language."""
    return level_label(facts.get("level_code", ""), facts["level"])


def facts_for(certificate: Certificate) -> dict:
    return {
        "code": certificate.code,
        "holder": certificate.holder_name,
        "course": certificate.course_title,
        # Cached for every visitor: the code, translated on display, and the label in the site's language for
        # the credential (and for a certificate issued before codes were kept).
        "level": _level_in_site_language(certificate),
        "level_code": certificate.level_code,
        "hours": certificate.hours,
        "issued_at": _iso(certificate.issued_at),
        "revoked_at": _iso(certificate.revoked_at),
    }


def verification_facts(*, code: str) -> dict | None:
    """What the verification page states, from the cache when it can; None for a code no certificate has."""
    key = verification_cache_key(code=code)
    facts = cache.get(key)
    if facts is None:
        certificate = Certificate.objects.filter(code=code).first()
        if certificate is None:
            return None  # not cached: a guessed code costs a query, never an entry per guess
        facts = facts_for(certificate)
        cache.set(key, facts, VERIFY_CACHE_SECONDS)
    return facts


def as_datetime(value: str | None) -> datetime | None:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) if value else None


def status_url(code: str) -> str:
    return absolute_url(reverse("learning:certificate-status", kwargs={"code": code}))


def open_badge(facts: dict) -> dict:
    """The certificate as an Open Badges 3.0 OpenBadgeCredential (Verifiable Credentials 2.0 data model)."""
    url = verify_url(facts["code"])
    return {
        "@context": OB3_CONTEXT,
        "id": url,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts["course"],
        "issuer": {
            "id": absolute_url("/"),
            "type": ["Profile"],
            "name": ISSUER_NAME,
            "url": absolute_url("/"),
        },
        "validFrom": facts["issued_at"],
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": facts["holder"]}
            ],
            "achievement": {
                "id": f"{url}#achievement",
                "type": ["Achievement"],
                "achievementType": "Certificate",
                "name": facts["course"],
                "description": f"{facts['course']} ({facts['level']})" if facts["level"] else facts["course"],
                "criteria": {"narrative": "Completed every requirement of the course at Fluentory."},
                **({"humanCode": facts["level"]} if facts["level"] else {}),
            },
        },
        "credentialStatus": {"id": status_url(facts["code"]), "type": "1EdTechRevocationList"},
    }


def revocation_list(facts: dict) -> dict:
    """The 1EdTech revocation list the credential's status points to: this credential, when it is revoked."""
    revoked = [{"id": verify_url(facts["code"]), "revocationDate": facts["revoked_at"]}] if facts["revoked_at"] else []
    return {"id": status_url(facts["code"]), "revokedCredentials": revoked}


def linkedin_url(certificate: Certificate) -> str:
    """LinkedIn's "Add to profile" form for a certification, filled in with the certificate's details."""
    issued = certificate.issued_at.astimezone(UTC)
    return (
        LINKEDIN_ADD
        + "?"
        + urlencode(
            {
                "startTask": "CERTIFICATION_NAME",
                "name": certificate.course_title,
                "organizationName": ISSUER_NAME,
                "issueYear": issued.year,
                "issueMonth": issued.month,
                "certUrl": verify_url(certificate.code),
                "certId": certificate.code,
            }
        )
    )


def share_url(code: str) -> str:
    return absolute_url(reverse("learning:certificate-share", kwargs={"code": code}))


def share_image_url(code: str) -> str:
    return absolute_url(reverse("learning:certificate-share-image", kwargs={"code": code}))
