"""`make run`: everything embedded, nothing to install beyond Python."""

from .base import *  # noqa: F403
from .env import env_bool

DEBUG = env_bool("DEBUG", True)
INTERNAL_IPS = ["127.0.0.1"]
API_WEBHOOK_ALLOW_PRIVATE_HOSTS = env_bool("API_WEBHOOK_ALLOW_PRIVATE_HOSTS", True)  # receivers on this machine
