"""Helpers of the hostile-input and fault tests (test_schemathesis, test_faults)."""

from __future__ import annotations

import datetime as dt

from greenmfg.core import clock
from greenmfg.selection import publication
from tests import cycle

#: a valid real-name objection (异议): a resident ID with its GB 11643 check character
OBJECTOR = {
    "objector_name": "王五",
    "objector_id_number": "11010519491231002X",
    "objector_phone": "13800138000",
    "objector_email": "wangwu@example.com",
    "statement": "该企业去年曾发生环境污染事故，不符合列入名单条件，请核实。",
}


def noticed_application(user, district_official, city_official):
    """The unit of ``user`` approved by the city (86 points) and in the 7-day notice
    opened on 2026-04-20 (004 第十条): (application, notice)."""
    app = cycle.approved_application(user, user.organisation, district_official, city_official)
    with clock.frozen("2026-04-20"):
        notice = publication.notice_open(
            actor=city_official, campaign=app.campaign, start=dt.date(2026, 4, 20)
        )
    app.refresh_from_db()
    return app, notice
