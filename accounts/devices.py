"""A readable device name from a browser's User-Agent header ("Firefox on Windows"), for the sessions list."""

import re

BROWSERS = [
    ("Edge", r"Edg/"),
    ("Opera", r"OPR/"),
    ("Firefox", r"Firefox/"),
    ("Chrome", r"Chrom(e|ium)/"),
    ("Safari", r"Safari/"),
]
SYSTEMS = [
    ("Android", r"Android"),
    ("iOS", r"iPhone|iPad"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X"),
    ("Linux", r"Linux"),
]


def describe(user_agent: str) -> str:
    browser = next((name for name, pattern in BROWSERS if re.search(pattern, user_agent or "")), "")
    system = next((name for name, pattern in SYSTEMS if re.search(pattern, user_agent or "")), "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system or (user_agent or "?")[:60]
