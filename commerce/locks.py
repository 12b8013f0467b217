"""A transaction-long lock on a gateway payment reference.

Recording a payment and handling an event about that payment (a refund that may arrive first) both take it,
so an event can never slip between "payment not found" and "payment recorded, waiting events replayed".
"""

from django.db import connection


def lock_payment_reference(reference: str) -> None:
    if reference and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"commerce-payment:{reference}"])
    # SQLite runs one writing transaction at a time, which serialises these already.
