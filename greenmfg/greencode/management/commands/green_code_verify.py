"""`greenmfg green-code verify TOKEN|CARD.png [--public-key PEM] [--offline] [--json]`:
verify a 企业绿码 token or the QR of a card image with the platform's public key only
(Ed25519); unless ``--offline``, also ask the platform's database whether the code is
valid today. Exit status 1 when it does not verify."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.db import DatabaseError

from greenmfg.core import clock
from greenmfg.core.management.base import GreenCommand
from greenmfg.greencode import signing
from greenmfg.greencode.verification import decode_png, verify_token


class Command(GreenCommand):
    help = (
        "用平台公钥核验企业绿码令牌或卡片（PNG）上的二维码。"
        " Verify a 企业绿码 token or a card's QR with the platform's public key."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "token", help="令牌、令牌文件或卡片 PNG / token, token file or card PNG"
        )
        parser.add_argument(
            "--public-key",
            help="平台公钥 PEM 文件（默认本平台的）/ the public key PEM (default: this platform's)",
        )
        parser.add_argument(
            "--unit", default="", help="卡片所称单位的统一社会信用代码 / the USCC the card claims"
        )
        parser.add_argument(
            "--offline", action="store_true", help="只核验签名 / check the signature only"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出 / print JSON")

    def run(self, *args, **options) -> None:
        text = options["token"].strip()
        if not text.startswith(signing.PREFIX + ".") and "://" not in text:
            path = Path(text)
            if not path.is_file():
                raise CommandError(
                    f"不是令牌，也不是文件 / neither a token nor a file: {text[:80]}"
                )
            raw = path.read_bytes()
            try:
                text = decode_png(path) if raw[:8] == b"\x89PNG\r\n\x1a\n" else raw.decode().strip()
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
        try:
            public = (
                signing.load_public_key(Path(options["public_key"]).read_bytes())
                if options["public_key"]
                else signing.private_key().public_key()
            )
        except (OSError, ValueError) as exc:
            raise CommandError(f"公钥无法读取 / cannot read the public key: {exc}") from exc
        on = clock.today()
        try:
            outcome = verify_token(
                text,
                public,
                on=on,
                check_status=not options["offline"],
                expect_unit=options["unit"],
            )
        except DatabaseError:
            outcome = verify_token(text, public, check_status=False, expect_unit=options["unit"])
            outcome.notes.append("status unknown: the platform database is not reachable")
        if options["json"]:
            self.stdout.write(json.dumps(outcome.as_json(), ensure_ascii=False, indent=2))
        else:
            verdict = "有效 / valid" if outcome.ok else "无效 / NOT valid"
            self.stdout.write(f"{verdict}")
            for k in ("n", "u", "g", "y", "f"):
                if k in outcome.payload:
                    self.stdout.write(f"  {k}: {outcome.payload[k]}")
            if outcome.status_checked:
                self.stdout.write(f"  status: {outcome.status or '—'} (on {on.isoformat()})")
            for p in outcome.problems:
                self.stdout.write(f"  ! {p}")
            for note in outcome.notes:
                self.stdout.write(f"  ({note})")
        if not outcome.ok:
            sys.exit(1)
