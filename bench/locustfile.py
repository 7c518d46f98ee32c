"""Load test users (bench/load.py starts the servers and runs this file headless).

Three kinds of user, 100 in all by default:

* ``Public`` (the rest, ~60): the public register page and API searched by name, type,
  level and year, public notices and their units, a company verified by its exact name,
  the published audit chain heads;
* ``Enterprise`` (``LOAD_ENTERPRISES``, 30): each signs in with its own API token and
  walks its own registration round: create it once, submit it whenever it is a draft or
  returned, otherwise follow it;
* ``Official`` (``LOAD_OFFICIALS``, 10): district officials of 天河区 and 越秀区 approve the
  registrations waiting in their inbox (004 第九条 district preliminary review), the city's
  officials return them for changes (so the enterprises submit again and the round goes
  on). Each official takes its own share of the inbox (by uuid), so two officials never
  race for one registration: a 409 here would be a real error.

Every answer other than the expected one is a failure; bench/load.py requires none.
The seeded accounts and tokens come from ``LOAD_ACCOUNTS`` (a JSON file written by
``bench/load.py seed``); the app servers from ``LOAD_HOSTS`` (comma-separated).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import uuid as uuidlib
from pathlib import Path

from locust import HttpUser, between, task

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text(encoding="utf-8"))
HOSTS = os.environ.get("LOAD_HOSTS", "http://127.0.0.1:8000").split(",")
WORDS = ["绿色", "汽车", "电子", "钢铁", "化工", "食品", "纺织", "机械", "科技", "新材料", "广州"]
LEVELS = ["", "national", "provincial", "municipal"]
TYPES = ["", "factory", "park", "supply_chain", "design_product"]
YEARS = ["", "2017", "2018", "2019", "2020", "2021"]
FORM = {
    "list_type": "factory",
    "unit_nature": "民营企业",
    "main_products": "汽车零部件",
    "output_value": "12000.50",
    "energy_consumption": "3000.00",
    "is_manufacturer": True,
    "clean_production_certified": True,
    "clean_production_certificate_no": "穗清洁〔2025〕1号",
    "clean_production_valid_until": "2027-12-31",
    "management_systems": ["quality", "environment"],
    "cultivation_plan": "三年内完成绿色化改造（负载测试）",
    "contact_name": "张三",
    "contact_phone": "020-12345678",
    "contact_email": "zhangsan@example.com",
    "commitment": True,
}
_enterprises = itertools.count()
_officials = itertools.count()


def expect(response, *codes: int) -> bool:
    """Mark the response failed unless its status is one of ``codes``."""
    if response.status_code in codes:
        response.success()
        return True
    response.failure(f"{response.status_code}: {response.text[:300]}")
    return False


class Base(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    host = HOSTS[0]

    def on_start(self):
        self.base = random.choice(HOSTS)

    def get(self, path: str, name: str, **kw):
        with self.client.get(self.base + path, name=name, catch_response=True, **kw) as r:
            expect(r, 200)
            return r


class Public(Base):
    """A member of the public: the register, notices, verification."""

    weight = 1

    @task(4)
    def register_page(self):
        q = random.choice(WORDS)
        self.get(f"/register/?q={q}&level={random.choice(LEVELS)}", "/register/?q=")

    @task(4)
    def register_api(self):
        params = {
            "q": random.choice(WORDS),
            "list_type": random.choice(TYPES),
            "level": random.choice(LEVELS),
            "year": random.choice(YEARS),
        }
        self.get("/api/v1/listings/", "/api/v1/listings/?q=", params=params)

    @task(2)
    def verify_a_company(self):
        name = random.choice(ACCOUNTS["names"])
        r = self.get("/api/v1/listings/", "/api/v1/listings/?q=<exact name>", params={"q": name})
        if r.status_code == 200:
            r.json()

    @task(2)
    def notices(self):
        self.get("/notices/", "/notices/")
        r = self.get("/api/v1/notices/", "/api/v1/notices/")
        if r.status_code == 200 and r.json()["results"]:
            notice = random.choice(r.json()["results"])
            self.get(f"/notices/{notice['uuid']}/", "/notices/[uuid]/")

    @task(1)
    def chain_heads(self):
        self.get("/audit/heads.json", "/audit/heads.json")


class Signed(Base):
    abstract = True
    token = ""

    def call(self, method: str, path: str, name: str, *codes: int, **kw):
        headers = {"Authorization": f"Token {self.token}", "Accept": "application/json"}
        with self.client.request(
            method, self.base + path, name=name, headers=headers, catch_response=True, **kw
        ) as r:
            ok = expect(r, *codes)
            return r.json() if ok and r.content else None


class Enterprise(Signed):
    """An enterprise's user walking its registration (培育入库登记) round after round."""

    fixed_count = int(os.environ.get("LOAD_ENTERPRISES", "30"))

    def on_start(self):
        super().on_start()
        account = ACCOUNTS["enterprises"][next(_enterprises) % len(ACCOUNTS["enterprises"])]
        self.token = account["token"]

    @task
    def registration_round(self):
        page = self.call("GET", "/api/v1/registrations/", "/api/v1/registrations/", 200)
        if page is None:
            return
        regs = page["results"]
        if not regs:
            self.call("POST", "/api/v1/registrations/", "create registration", 201, json=FORM)
            return
        reg = regs[0]
        if reg["state"] in ("draft", "returned"):
            self.call(
                "POST",
                f"/api/v1/registrations/{reg['uuid']}/submit/",
                "submit registration",
                200,
            )
        else:
            self.call(
                "GET", f"/api/v1/registrations/{reg['uuid']}/", "/api/v1/registrations/[uuid]/", 200
            )


class Official(Signed):
    """A district official approves, a city official returns, from their own inbox share."""

    fixed_count = int(os.environ.get("LOAD_OFFICIALS", "10"))

    def on_start(self):
        super().on_start()
        official = ACCOUNTS["officials"][next(_officials) % len(ACCOUNTS["officials"])]
        self.token = official["token"]
        self.role = official["role"]
        self.share, self.shares = official["share"], official["shares"]

    def mine(self, item) -> bool:
        return uuidlib.UUID(item["uuid"]).int % self.shares == self.share

    @task
    def review_inbox(self):
        inbox = self.call("GET", "/api/v1/inbox/", "/api/v1/inbox/", 200)
        if not inbox:
            return
        waiting = [i for i in inbox if i["kind"] == "registration" and self.mine(i)]
        if not waiting:
            return
        item = waiting[0]
        if self.role == "district":
            body = {"decision": "approve", "reason": "材料齐全（负载测试）"}
            name = "district review: approve"
        else:
            body = {"decision": "return", "reason": "请补充清洁生产审核报告（负载测试）"}
            name = "city review: return"
        self.call("POST", f"/api/v1/registrations/{item['uuid']}/review/", name, 200, json=body)
