"""Public reads from a PostgreSQL streaming replica (docs/topology.md).

When the deployment names a replica (``GREENMFG_REPLICA_URL``: the ``replica`` database
alias), the reads of the public register and of open data (the apps in
``REPLICA_APPS``) that an anonymous GET or HEAD request causes go to it; everything else —
writes, signed-in users' pages (they must read their own writes), commands, background
jobs — uses the primary. Without a replica the router routes nothing.

A replica lags the primary by its replay delay (milliseconds on a LAN): a list published
on the primary reaches the public pages once replayed, which is what a public read needs.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

#: the apps whose public reads the replica serves
REPLICA_APPS = frozenset({"register", "opendata", "jurisdictions"})
#: the alias of the replica in DATABASES
REPLICA = "replica"

_public_read: ContextVar[bool] = ContextVar("greenmfg_public_read", default=False)


def replica_configured() -> bool:
    """Whether the deployment has a replica alias."""
    return REPLICA in settings.DATABASES


@contextmanager
def public_reads():
    """Route the public reads of the enclosed code to the replica (when there is one)."""
    token = _public_read.set(True)
    try:
        yield
    finally:
        _public_read.reset(token)


class ReplicaRouter:
    """Django database router: the reads of ``REPLICA_APPS`` inside ``public_reads()`` go to
    the replica; writes, migrations and every other read go to the primary."""

    def db_for_read(self, model, **hints):
        if _public_read.get() and model._meta.app_label in REPLICA_APPS and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA


class PublicReadMiddleware:
    """Serve the public reads of anonymous GET and HEAD requests (no session user, no API
    token) from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and replica_configured()
            and not request.user.is_authenticated
            and "HTTP_AUTHORIZATION" not in request.META  # an API token: a user, not the public
        ):
            with public_reads():
                return self.get_response(request)
        return self.get_response(request)
