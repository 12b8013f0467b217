import pytest

from api.scopes import SCOPES
from api.services import tokens
from tests.factories import PartnerProfileFactory, UserFactory


@pytest.fixture
def make_token():
    def make(user, scopes=None):
        allowed = scopes if scopes is not None else list(tokens.scope_rules.personal_scopes_for(user))
        return tokens.create_personal_token(user=user, name="script", scopes=allowed)[1]

    return make


@pytest.fixture
def partner():
    return PartnerProfileFactory().user


@pytest.fixture
def client_token():
    def make(partner=None, scopes=None):
        allowed = scopes if scopes is not None else list(tokens.scope_rules.client_scopes_for(partner))
        client, secret = tokens.create_client(name="CRM", partner=partner, scopes=allowed)
        value, _lifetime, _scopes = tokens.exchange_client_credentials(client_id=client.client_id, client_secret=secret)
        return value

    return make


def bearer(value):
    return {"HTTP_AUTHORIZATION": f"Bearer {value}"} if value else {}


ALL_SCOPES = list(SCOPES)
__all__ = ["UserFactory", "bearer"]
