"""Same YAML and template, same bytes: on every run, in any time zone, at any time."""

import subprocess
import sys

import pytest

from tests.conftest import ROOT, SAMPLE

RENDER = """
import sys, time, datetime
shift = float(sys.argv[2])
real = time.time
time.time = lambda: real() + shift          # a changed clock
from docgen.cli import main
raise SystemExit(main(["render", %r, "-o", sys.argv[1]]))
""" % str(SAMPLE)


def render(out, tz: str, shift: float) -> bytes:
    env = {"TZ": tz, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", RENDER, str(out), str(shift)], check=True, env=env, capture_output=True)
    return out.read_bytes()


@pytest.mark.slow
def test_two_renders_in_different_time_zones_and_clocks_are_byte_identical(tmp_path):
    first = render(tmp_path / "a.docx", "Asia/Ho_Chi_Minh", 0)
    second = render(tmp_path / "b.docx", "America/Los_Angeles", 86400 * 400 + 12345)
    assert first == second
