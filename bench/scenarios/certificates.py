"""Certificates: the public verification page from its cache and cold, and rendering a certificate PDF."""

import statistics
import time

from bench.harness import COLD, STANDARD, Row, Target

PDF_RENDERS = 5


def _certificate():
    from learning.models import Certificate

    return Certificate.objects.select_related("enrollment__course").order_by("pk").first()


def prepare():
    """seed_demo issues one certificate; make sure it is there."""
    if _certificate() is None:
        raise SystemExit("seed_demo issued no certificate")


def targets():
    path = f"/certificates/{_certificate().code}/"
    return [
        Target("certificate verification page, cached", path, server=STANDARD, target_ratio=0.1),
        Target("certificate verification page, uncached", path, server=COLD, max_queries=15),
    ]


def measure():
    from learning import certificate_documents

    certificate = _certificate()
    document = certificate_documents.document_for(certificate)
    certificate_documents.render_pdf(document)  # fonts loaded once, as in a running worker
    timings = []
    for _ in range(PDF_RENDERS):
        started = time.perf_counter()
        pdf = certificate_documents.render_pdf(document)
        timings.append((time.perf_counter() - started) * 1000)
    return [
        Row(
            "certificate PDF render (WeasyPrint), median",
            f"{statistics.median(timings):.0f} ms",
            "",
            f"{PDF_RENDERS} renders, {len(pdf) // 1024} KiB; done once per certificate by a task, then stored",
        )
    ]
