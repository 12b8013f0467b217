"""Breadth-first crawl of the site's own pages, shared by the crawl test and CI's HTML check.

As a command it crawls a running server as anonymous and as every demo role, in English and Arabic, and
writes each HTML page it reached into a folder for the Nu HTML Checker:

    python tools/site_crawl.py http://127.0.0.1:8765 var/crawl --limit 60
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

DEMO_PASSWORD = "fluentory-demo-2026"  # noqa: S105 (the public demo password seed_demo prints)
DEMO_LOGINS = {
    "student": "student.lina@fluentory.test",
    "student (Arabic)": "student.omar@fluentory.test",
    "teacher": "teacher.amman@fluentory.test",
    "partner": "partner@fluentory.test",
    "editor": "editor@fluentory.test",
    "admin": "admin@fluentory.test",
}
START_PATHS = ["/en/", "/ar/", "/courses/", "/learn/", "/teach/", "/partner/", "/accounts/signup/"]
# Never followed: the third-party admin, files, and links that change the visitor's state.
SKIPPED_PREFIXES = (
    "/admin/",
    "/static/",
    "/media/",
    "/documents/",
    "/i18n/",
    "/t/",
    "/accounts/logout/",
    "/currency/",
)
PUBLIC_PREFIXES = ("/en/", "/ar/")
SKIPPED_SUFFIXES = (".pdf", ".ics", ".png", ".jpg", ".webp", ".svg", ".css", ".js", ".mp3", ".mp4")


@dataclass
class Visit:
    path: str
    status: int
    content_type: str
    body: str


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def is_skipped(path: str) -> bool:
    """Paths that are not the site's own HTML pages (files, the third-party admin, state-changing links)."""
    return path.startswith(SKIPPED_PREFIXES) or path.endswith(SKIPPED_SUFFIXES)


def same_site_paths(html: str, *, current: str) -> list[str]:
    """The paths of this site that the page's links lead to, without fragments."""
    parser = _Links()
    parser.feed(html)
    paths = []
    for href in parser.hrefs:
        url = urllib.parse.urlsplit(urllib.parse.urljoin(current, href))
        if url.scheme or url.netloc:
            continue  # absolute links are judged by the crawl test, not followed
        if is_skipped(url.path):
            continue
        paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def crawl(
    fetch: Callable[[str], Visit], starts: list[str], *, limit: int, follow: Callable[[str], bool] = bool
) -> Iterator[Visit]:
    """Visits at most `limit` pages, nearest first; `fetch` returns the page at a path (redirects followed).

    Links are followed only to paths `follow` accepts (the start paths are always visited).
    """
    queue, seen = deque(starts), set(starts)
    visited = 0
    while queue and visited < limit:
        visit = fetch(queue.popleft())
        visited += 1
        yield visit
        if visit.status == 200 and visit.content_type.startswith("text/html"):
            for path in same_site_paths(visit.body, current=visit.path):
                if path not in seen and follow(path):
                    seen.add(path)
                    queue.append(path)


class _Browser:
    """A cookie-keeping HTTP client for a running server (standard library only, so CI needs nothing more)."""

    def __init__(self, base_url: str, language: str):
        self.base_url = base_url.rstrip("/")
        self.language = language
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def fetch(self, path: str, data: dict | None = None) -> Visit:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 (base_url is the http server given on the command line)
            self.base_url + path,
            data=body,
            headers={"Accept-Language": self.language, "Referer": self.base_url + path},
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                status, headers, content = response.status, response.headers, response.read()
                final = urllib.parse.urlsplit(response.url)
        except urllib.error.HTTPError as error:
            status, headers, content, final = error.code, error.headers, error.read(), urllib.parse.urlsplit(path)
        landed = final.path + (f"?{final.query}" if final.query else "")
        return Visit(landed, status, headers.get("Content-Type", ""), content.decode("utf-8", "replace"))

    def log_in(self, email: str) -> None:
        form = self.fetch("/accounts/login/").body
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        data = {"csrfmiddlewaretoken": token, "login": email, "password": DEMO_PASSWORD}
        if self.fetch("/accounts/login/", data).path.startswith("/accounts/login/"):
            raise SystemExit(f"could not log in as {email}")


def beyond_public_pages(path: str) -> bool:
    """For signed-in crawls: the public pages are crawled anonymously, so only portals and accounts are followed."""
    return not path.startswith(PUBLIC_PREFIXES)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--limit", type=int, default=60, help="pages per role and language")
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    failures, saved = 0, set()
    for role in ["anonymous", *DEMO_LOGINS]:
        for language in ("en", "ar"):
            browser = _Browser(args.base_url, language)
            if role != "anonymous":
                browser.log_in(DEMO_LOGINS[role])
            follow = bool if role == "anonymous" else beyond_public_pages
            for visit in crawl(browser.fetch, START_PATHS, limit=args.limit, follow=follow):
                if visit.status >= 500:
                    print(f"{visit.status} {visit.path} ({role}, {language})")
                    failures += 1
                if visit.status == 200 and visit.content_type.startswith("text/html") and not is_skipped(visit.path):
                    name = re.sub(r"[^A-Za-z0-9]+", "_", f"{role}_{language}_{visit.path}").strip("_") + ".html"
                    (args.out_dir / name).write_text(visit.body, encoding="utf-8")
                    saved.add(name)
    print(f"crawl: {len(saved)} pages saved, {failures} server errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
