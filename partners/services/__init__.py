"""Partner services: cohorts, custom bundle requests and tickets. Views and admin screens call these."""


class PartnerRefused(Exception):
    """Why a partner's or an admin's action cannot be done; safe to show, and nothing was changed."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)
