#!/usr/bin/env python
"""Refresh the Turkish catalogue and apply translations, serialised by a lock.

    .venv/bin/python tools/i18n.py [TRANSLATIONS.json ...]

1. takes an exclusive lock on locale/.lock (several people may run it at once);
2. runs makemessages for Turkish (new strings appear with an empty msgstr);
3. fills entries from each JSON file: {"English msgid": "Türkçe"} or, for plurals,
   {"msgid": ["tekil", "çoğul"]};
4. writes django.po and compiles django.mo (with polib: no msgfmt needed);
5. prints the strings that are still untranslated.
"""

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "tr" / "LC_MESSAGES" / "django.po"


def main(paths: list[str]) -> int:
    PO.parent.mkdir(parents=True, exist_ok=True)
    with open(ROOT / "locale" / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "-l",
                "tr",
                "--no-obsolete",
                "--ignore=.venv",
                "--ignore=tests",
                "--ignore=fixtures",
                "--ignore=bench",
                "--ignore=tools",
                "--ignore=staticfiles",
                "--ignore=media",
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
            env={**os.environ},
        )
        translations: dict = {}
        for path in paths:
            translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
        po = polib.pofile(str(PO))
        po.metadata["Language"] = "tr"
        po.metadata["Plural-Forms"] = "nplurals=2; plural=(n != 1);"
        for entry in po:
            value = translations.get(entry.msgid)
            if value is None:
                continue
            if entry.msgid_plural:
                single, plural = value if isinstance(value, list) else (value, value)
                entry.msgstr_plural = {0: single, 1: plural}
            else:
                entry.msgstr = value if isinstance(value, str) else value[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        po.save(str(PO))
        po.save_as_mofile(str(PO.with_suffix(".mo")))
        missing = [e.msgid for e in po.untranslated_entries()] + [
            e.msgid for e in po.fuzzy_entries()
        ]
    for msgid in missing:
        print("untranslated:", msgid)
    print(f"{len(po)} entries, {len(missing)} untranslated or fuzzy")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
