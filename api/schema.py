def only_api_v1(endpoints):
    """The schema documents this API alone, not the Wagtail admin's internal DRF views."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
