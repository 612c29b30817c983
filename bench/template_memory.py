"""Time and peak memory of every runaway template the limits stop: python bench/template_memory.py

Each case of tests/test_template_limits.py (and two doubling strings of wider characters) is
rendered by `docgen render --template` in a fresh process; GNU time reports the peak resident
memory of the process and of the template's preparation process. docs/mau-word.md quotes these.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_template_limits import RUNAWAYS, template_with  # noqa: E402

WIDE = {
    "doubling-vietnamese": '{% set ns = namespace(s="ệ") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
                           "{% endfor %}{{ ns.s }}",
    "doubling-emoji": '{% set ns = namespace(s="😀") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}'
                      "{% endfor %}{{ ns.s }}",
}


def main() -> None:
    gnu_time = shutil.which("time", path="/usr/bin")
    if not gnu_time:
        raise SystemExit("needs GNU time (/usr/bin/time): apt-get install time")
    cases = {name: (case[0] if isinstance(case, tuple) else case) for name, case in RUNAWAYS.items()} | WIDE
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, jinja in cases.items():
            folder = Path(tmp) / name
            folder.mkdir()
            template = template_with(folder, jinja)
            done = subprocess.run([gnu_time, "-f", "%e %M", sys.executable, "-m", "docgen", "render",
                                   str(ROOT / "content" / "ke-hoach-2024.yaml"), "--template", str(template),
                                   "-o", str(folder / "out.docx")], capture_output=True, text=True, cwd=ROOT,
                                  env=dict(os.environ, DOCGEN_CACHE_DIR=str(folder / "cache")), check=False)
            seconds, kb = done.stderr.strip().splitlines()[-1].split()
            rows.append((int(kb) // 1024, float(seconds), name, done.returncode))
    print(f"{'case':28} {'exit':>4} {'seconds':>8} {'peak MB':>8}")
    for mb, seconds, name, code in sorted(rows, reverse=True):
        print(f"{name:28} {code:>4} {seconds:>8.2f} {mb:>8}")


if __name__ == "__main__":
    main()
