from celery import shared_task
from django.db import OperationalError

from .services.progress import notify_drip_unlocks


@shared_task
def notify_drip_unlocks_task() -> int:
    """Hourly: tell students about modules that opened on their date. Safe to retry (notifications dedupe)."""
    return notify_drip_unlocks()


@shared_task
def expire_enrollments_task() -> int:
    """Daily: mark enrollments past their end date as expired."""
    from .services.enrollments import expire_enrollments

    return expire_enrollments()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def issue_certificate(enrollment_id: int) -> int | None:
    """On completion: the enrollment's certificate, once however often this runs (the database keeps one)."""
    from .models import Enrollment
    from .services import certificates

    enrollment = Enrollment.objects.filter(pk=enrollment_id).first()
    if enrollment is None:
        return None
    try:
        return certificates.issue_certificate(enrollment=enrollment).pk
    except certificates.CertificateRefused:  # refunded or revoked before the task ran
        return None


@shared_task(bind=True, max_retries=3, default_retry_delay=120)
def render_certificate_documents(self, certificate_id: int) -> None:
    """Render and store the PDF and the share picture, so downloads and shares never wait for them."""
    from . import certificate_documents
    from .models import Certificate

    certificate = Certificate.objects.select_related("enrollment__course", "template__locale").filter(pk=certificate_id)
    certificate = certificate.first()
    if certificate is None:
        return
    try:
        certificate_documents.pdf_for(certificate)
        certificate_documents.share_image_for(certificate)
    except OSError as exc:  # storage unavailable for a moment
        raise self.retry(exc=exc) from exc


@shared_task
def issue_missing_certificates() -> int:
    """Hourly (beat): certificates for completed enrollments whose issuing task was lost."""
    from .services.certificates import issue_missing

    return issue_missing()
