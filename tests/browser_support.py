"""What the browser tests share: Debian's chromium launched by Playwright (never a
downloaded browser), and a Walker that signs in, moves the demo platform date and
takes numbered screenshots under artifacts/screenshots/."""

from __future__ import annotations

import re
from pathlib import Path

SHOTS = Path(__file__).resolve().parent.parent / "artifacts" / "screenshots"
PASSWORD = "correct-horse-battery"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Walker:
    """Drives one browser page through the platform; screenshots are named
    ``<prefix>-NN-<step>.png`` (only this prefix's old shots are cleared)."""

    def __init__(self, page, base_url: str, prefix: str):
        self.page = page
        self.base = base_url
        self.prefix = prefix
        self.n = 0
        SHOTS.mkdir(parents=True, exist_ok=True)
        for old in SHOTS.glob(f"{prefix}-*.png"):
            old.unlink()

    def shot(self, name: str) -> None:
        self.n += 1
        self.page.screenshot(
            path=str(SHOTS / f"{self.prefix}-{self.n:02d}-{name}.png"), full_page=True
        )

    def go(self, path: str) -> None:
        self.page.goto(self.base + path)

    def login(self, username: str) -> None:
        self.go("/accounts/login/")
        if self.page.get_by_test_id("logout").count():
            self.page.get_by_test_id("logout").click()
            self.go("/accounts/login/")
        self.page.get_by_test_id("username").fill(username)
        self.page.get_by_test_id("password").fill(PASSWORD)
        self.page.get_by_test_id("login-submit").click()
        self.page.wait_for_load_state()

    def logout(self) -> None:
        if self.page.get_by_test_id("logout").count():
            self.page.get_by_test_id("logout").click()

    def set_date(self, day: str) -> None:
        self.page.get_by_test_id("clock-input").fill(day)
        self.page.get_by_test_id("clock-set").click()
        assert self.page.get_by_test_id("platform-date").inner_text() == day

    def expect_message(self, text: str) -> None:
        assert text in self.page.get_by_test_id("messages").inner_text()

    def open_inbox_item(self, label: str) -> None:
        self.go("/inbox/")
        self.page.get_by_test_id("inbox").get_by_role("link", name=re.compile(label)).first.click()

    def review(
        self, decision: str, reason: str, score: str | None = None, grade: str | None = None
    ) -> None:
        form = self.page.get_by_test_id("review-form")
        form.locator(f"input[name=decision][value={decision}]").check()
        if score is not None:
            form.locator("input[name=score]").fill(score)
        if grade is not None:
            form.locator("select[name=grade]").select_option(grade)
        form.locator("textarea[name=reason]").fill(reason)
        form.get_by_test_id("review-submit").click()
