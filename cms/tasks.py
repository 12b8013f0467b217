from celery import shared_task
from django.db import OperationalError


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def refresh_share_card(page_id: int) -> int | None:
    """After a publish: the page's share picture, drawn again only if its title or level changed."""
    from wagtail.models import Page

    from . import share_cards

    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return None
    card = share_cards.refresh_share_card(page=page)
    return card.pk if card is not None else None
