"""The public home page in both languages."""

from bench.harness import Target


def targets():
    return [
        Target("home page, English (/en/)", "/en/"),
        Target("home page, Arabic (/ar/)", "/ar/"),
    ]
