"""The Redis cache keeps one client per server instead of building one for every call."""

import os

import pytest

from core.redis_cache import ReusedClientRedisCache

pytestmark = pytest.mark.services


@pytest.fixture
def redis_cache():
    cache = ReusedClientRedisCache(os.environ.get("REDIS_URL", ""), {"KEY_PREFIX": "test-reused-client"})
    yield cache
    cache.clear()


def test_every_call_uses_the_same_client(redis_cache):
    redis_cache.set("greeting", "marhaba")

    assert redis_cache.get("greeting") == "marhaba"
    assert redis_cache.get_many(["greeting", "missing"]) == {"greeting": "marhaba"}
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client(write=True)


def test_reads_and_writes_go_to_their_own_server_when_there_are_replicas():
    cache = ReusedClientRedisCache(["redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/1"], {})

    writer, reader = cache._cache.get_client(write=True), cache._cache.get_client()

    assert writer is not reader
    assert writer.connection_pool.connection_kwargs["db"] == 0
    assert reader.connection_pool.connection_kwargs["db"] == 1
    assert cache._cache.get_client() is reader
