"""Commerce services: checkout, fulfilment, webhooks, invoices, refunds, exchange rates."""
