"""A district-size batch: python bench/district.py [--plans 100 1000] [--jobs N].

Makes N plans from the four samples in content/ (a commune's worth of plan kinds,
renamed per commune), breaks one in fifty, each in a different way, and renders the
folder in one `docgen render DIR -o OUT` as a user would. Prints, for each size:
seconds, milliseconds per plan, the peak memory of the whole process tree (parent
and workers, sampled from /proc), and whether every good plan was written and every
broken one reported with its file and location (exit code 1).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The plans among the samples: a report (`ke_hoach:` names the plan it copies figures from) is left
# out, as its plan does not travel with it under another name.
SAMPLES = sorted(p for p in (ROOT / "content").glob("*.yaml")
                 if not re.search(r"^ke_hoach:", p.read_text(encoding="utf-8"), flags=re.MULTILINE))


def _sub(old: str, new: str):
    def edit(text: str) -> str:
        assert re.search(old, text, flags=re.MULTILINE), old
        return re.sub(old, new, text, count=1, flags=re.MULTILINE)
    return edit


# Twenty different mistakes, each found in any of the samples; one in fifty plans gets one.
BREAKAGES = [
    ("impossible date", _sub(r"^ngay_ban_hanh: \S+", "ngay_ban_hanh: 2025-02-30")),
    ("misspelt key", _sub(r"^trich_yeu:", "trich_yue:")),
    ("tab indentation", _sub(r"^  ho_ten:", "\tho_ten:")),
    ("unclosed quote", lambda t: t + 'them: "chưa đóng\n'),
    ("duplicate key", lambda t: t + "nam: 2030\n"),
    ("year as words", _sub(r"^nam: \d+", "nam: hai nghìn")),
    ("negative number", _sub(r"^so: \S+", "so: -1")),
    ("bad symbol", _sub(r"^dia_danh:", "ky_hieu: KH\ndia_danh:")),
    ("empty file", lambda t: ""),
    ("not UTF-8", lambda t: t.encode("utf-16")),  # saved as "Unicode" by an old editor
    ("list for a mapping", _sub(r"^co_quan_ban_hanh:.*$", "co_quan_ban_hanh: [Ủy ban, nhân dân]")),
    ("required key renamed", _sub(r"^mo_dau:", "mo_dau_x:")),
    ("forbidden tag", lambda t: t + "x: !!python/object/apply:os.system [ls]\n"),
    ("cut in half", lambda t: t[: len(t) // 2] + '\n  - "'),
    ("year out of range", _sub(r"^nam: \d+", "nam: 1800")),
    ("no recipients", _sub(r"^noi_nhan:", "noi_nhan: []\nnoi_nhan_cu:")),
    ("signer without name", _sub(r"^  ho_ten:", "  ho_tenn:")),
    ("unknown key in a basis", _sub(r"^  - loai:", "  - loaii:")),
    ("control character", _sub(r"^dia_danh: ", "dia_danh: \x07")),
    ("scalar for a list", _sub(r"^noi_nhan:", "noi_nhan: một nơi\nnoi_nhan_cu:")),
]


def make_district(folder: Path, count: int, every: int = 50) -> tuple[list[Path], list[Path]]:
    """Write count plans into folder, one in every broken; return (good plans, broken plans)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [s.read_text(encoding="utf-8") for s in SAMPLES]
    good, broken = [], []
    for i in range(count):
        nth, bad = divmod(i, every)
        bad = bad == every - 1
        sample = (nth if bad else i) % len(texts)  # the broken ones too are of every kind
        text = texts[sample].replace("Ia Tô", f"Ia Tô {i}").replace("Kông Chro", f"Kông Chro {i}")
        path = folder / f"xa-{i:04d}-{SAMPLES[sample].stem}.yaml"
        if bad:
            _name, edit = BREAKAGES[nth % len(BREAKAGES)]
            text = edit(text)
            broken.append(path)
        else:
            good.append(path)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return good, broken


def _tree_rss(pid: int) -> int:
    """Return the resident memory (kB) of pid and every process below it."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        p = int(status.parent.name)
        children.setdefault(int(fields.get("PPid", "0").strip()), []).append(p)
        rss[p] = int(fields.get("VmRSS", "0 kB").split()[0])
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        total += rss.get(p, 0)
        stack += children.get(p, [])
    return total


def run(count: int, jobs: int | None, work: Path) -> dict:
    plans, out = work / f"plans-{count}", work / f"out-{count}"
    good, broken = make_district(plans, count)
    command = [sys.executable, "-m", "docgen", "render", str(plans), "-o", str(out)]
    command += ["--jobs", str(jobs)] if jobs else []
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process.pid))
        time.sleep(0.05)
    seconds = time.perf_counter() - start
    stdout, stderr = process.communicate()
    written = {p.stem for p in out.glob("*.docx")}
    missing = [p.name for p in good if p.stem not in written]
    unreported = [p.name for p in broken if not re.search(rf"^{re.escape(str(p))}(:\d+)?:", stderr, flags=re.MULTILINE)]
    return {"plans": count, "seconds": seconds, "ms_per_plan": seconds / count * 1000, "peak_mb": peak / 1024,
            "exit": process.returncode, "written": len(written), "good": len(good), "broken": len(broken),
            "missing": missing, "unreported": unreported, "last_line": stdout.strip().splitlines()[-1:]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="docgen-district-") as tmp:
        for count in args.plans:
            r = run(count, args.jobs, Path(tmp))
            ok = r["exit"] == 1 and not r["missing"] and not r["unreported"] and r["written"] == r["good"]
            print(f"{r['plans']:>5} kế hoạch: {r['seconds']:.1f} s, {r['ms_per_plan']:.1f} ms/kế hoạch, "
                  f"bộ nhớ đỉnh {r['peak_mb']:.0f} MB (< 300 MB: {'✔' if r['peak_mb'] < 300 else '✘'}), "
                  f"mã thoát {r['exit']}, đã tạo {r['written']}/{r['good']}, lỗi báo {r['broken'] - len(r['unreported'])}"
                  f"/{r['broken']} {'✔' if ok else '✘'}")
            for name in r["missing"] + r["unreported"]:
                print(f"      ✘ {name}")


if __name__ == "__main__":
    main()
