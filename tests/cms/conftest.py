import json

from bs4 import BeautifulSoup


def parse(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def json_ld(response) -> list[dict]:
    soup = parse(response)
    return [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]


def by_type(items: list[dict], kind: str) -> dict:
    found = [item for item in items if item.get("@type") == kind]
    assert found, f"no {kind} in {[item.get('@type') for item in items]}"
    return found[0]
