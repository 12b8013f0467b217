"""The Content-Security-Policy: strict on the site, relaxed only where the Wagtail admin needs it."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware

# Wagtail's own admin templates carry inline scripts (date pickers, inline panels, translation editor).
ADMIN_SCRIPT_SOURCES = [UNSAFE_INLINE]


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            parts.update = {**(parts.update or {}), "script-src": ADMIN_SCRIPT_SOURCES}
        return parts
