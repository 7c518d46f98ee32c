"""REST API of dynamic management and oversight (``/api/v1/``): each sub-domain package
owns its viewsets and serializers (``dynamic/api.py``, ``changes/api.py`` …) on the shared
base (:mod:`greenmfg.api.base`); this module registers them all, once each.

The same service functions as the pages; every read starts from a scoped selector (404
outside the scope); a refused action answers 409 with its reasons and articles.
Public (no sign-in): ``announcements``, ``removals``, ``spot-checks`` (read) and
``complaints`` (create). The complainant's identity is returned only to the officials
of the handling authority; everyone else gets it masked (``张*``, ``138****8000``).
"""

from __future__ import annotations

from greenmfg.supervision.changes import api as changes_api
from greenmfg.supervision.complaints import api as complaints_api
from greenmfg.supervision.dynamic import api as dynamic_api
from greenmfg.supervision.incidents import api as incidents_api
from greenmfg.supervision.removals import api as removals_api
from greenmfg.supervision.spot_checks import api as spot_checks_api


def register(router) -> None:
    """Register the supervision resources on the API router (greenmfg/urls_api.py)."""
    for package_api in (
        dynamic_api,  # dynamic-forms, on-site-checks
        changes_api,  # change-reports
        incidents_api,  # incidents
        removals_api,  # upward-reports, removal-proposals, fraud-findings, announcements, removals
        spot_checks_api,  # spot-checks
        complaints_api,  # complaints
    ):
        package_api.register(router)
