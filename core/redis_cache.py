"""Django's Redis cache, with one Redis client per server kept for the life of the process.

Django builds a new `redis.Redis` on every cache call, and redis-py fills some 170 response callbacks each
time: on a page-cache hit that cost more than the round trip to Redis. A client is safe to share between
threads (each command borrows a connection from the pool), so one per server is enough.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ReusedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
