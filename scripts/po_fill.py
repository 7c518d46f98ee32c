"""Fill msgstr values of the English catalogue from a JSON file {msgid: msgstr}.

Used by developers after `manage.py makemessages -l en`: prints the msgids still
untranslated or fuzzy, or fills them from a JSON file and clears the fuzzy flags.
    python scripts/po_fill.py             # list what is missing
    python scripts/po_fill.py new.json    # fill from new.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

PO = Path(__file__).resolve().parent.parent / "greenmfg/locale/en/LC_MESSAGES/django.po"


def main() -> int:
    po = polib.pofile(str(PO))
    if len(sys.argv) > 1:
        table = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
        for entry in po:
            if entry.msgid in table:
                entry.msgstr = table[entry.msgid]
                if "fuzzy" in entry.flags:
                    entry.flags.remove("fuzzy")
                entry.previous_msgid = None
        po.save()
    missing = [e.msgid for e in po if e.msgid and not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    print(json.dumps({m: "" for m in missing}, ensure_ascii=False, indent=1))
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
