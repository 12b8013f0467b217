import os

from django.core.asgi import get_asgi_application

# Servers default to production, so a forgotten DJANGO_SETTINGS_MODULE fails for want of a SECRET_KEY.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fluentory.settings.production")
application = get_asgi_application()

from fluentory.startup import refuse_to_start_on_check_errors  # noqa: E402 (needs the apps loaded)

refuse_to_start_on_check_errors()
