"""The client's address behind reverse proxies (issue 17, item 1).

Behind nginx every request's ``REMOTE_ADDR`` is the proxy's. django-axes was told the
number of proxies (``AXES_IPWARE_PROXY_COUNT``) but reads it only through django-ipware,
which is not installed: every sign-in carried the proxy's address, so five wrong
passwords for one official locked every user out. This module is axes'
``AXES_CLIENT_IP_CALLABLE`` and the session register's source of the address.

Configuration (docs/deploy.md):

- ``GREENMFG_PROXY_COUNT`` — the number of reverse proxies in front of the app that
  each append the address they received the request from to ``X-Forwarded-For``
  (nginx: ``proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for``). 0 (the
  default): the app is reached directly and ``REMOTE_ADDR`` is the client.
- ``GREENMFG_PROXY_HEADER`` — the header the proxies write (default
  ``X-Forwarded-For``).
- ``GREENMFG_TRUSTED_PROXIES`` — optional addresses or networks of the nearest proxy
  (``10.0.0.2,10.1.0.0/16``): the header is believed only from them, so a client
  reaching the app directly cannot choose its address.

With N proxies the client is the N-th address from the **right** of the header: the
entries to its right were written by our own proxies, anything to its left was sent by
the client and is ignored. A header with fewer entries gives its leftmost one; none, or
a value that is not an IP address, gives ``REMOTE_ADDR``.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _address(value: str | None) -> str | None:
    """``value`` as a normalised IP address (``[v6]:port`` and ``v4:port`` accepted),
    or None."""
    value = (value or "").strip()
    if not value:
        return None
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # 203.0.113.5:51234
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _trusted(remote: str | None) -> bool:
    networks = getattr(settings, "GREENMFG_TRUSTED_PROXIES", None) or []
    if not networks:
        return True
    if remote is None:
        return False
    address = ipaddress.ip_address(remote)
    return any(address in ipaddress.ip_network(net, strict=False) for net in networks)


def client_ip(request) -> str | None:
    """The address of the client that sent ``request``, as the configured proxies saw
    it (module docstring); None when nothing is known."""
    meta = getattr(request, "META", None) or {}
    remote = _address(meta.get("REMOTE_ADDR"))
    count = int(getattr(settings, "GREENMFG_PROXY_COUNT", 0) or 0)
    if count < 1 or not _trusted(remote):
        return remote
    header = getattr(settings, "GREENMFG_PROXY_HEADER", "X-Forwarded-For") or "X-Forwarded-For"
    key = "HTTP_" + header.upper().replace("-", "_")
    parts = [p.strip() for p in str(meta.get(key, "")).split(",") if p.strip()]
    if not parts:
        return remote
    chosen = parts[-count] if len(parts) >= count else parts[0]
    return _address(chosen) or remote
