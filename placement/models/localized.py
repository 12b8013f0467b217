"""Text kept in English and Arabic side by side: the reader's language, or English when it is left empty."""

from django.utils import translation


def in_active_language(obj, field: str) -> str:
    if (translation.get_language() or "").split("-")[0] == "ar":
        return getattr(obj, f"{field}_ar") or getattr(obj, field)
    return getattr(obj, field)
