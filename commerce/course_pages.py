"""Where the catalogue links each course: the public page the presenting app registered for it.

Commerce cannot import the CMS (the CMS imports everyone), so the CMS answers through a Wagtail hook.
"""

from wagtail import hooks

COURSE_PAGE_URLS_HOOK = "course_page_urls"


def page_urls(*, course_ids: list[int], language: str) -> dict[int, str]:
    """Course id → the URL of its public page, preferably in `language`; courses without a page are left out."""
    urls: dict[int, str] = {}
    for resolve in hooks.get_hooks(COURSE_PAGE_URLS_HOOK):
        urls.update(resolve(course_ids=course_ids, language=language))
    return urls
