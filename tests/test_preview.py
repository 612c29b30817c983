"""`docgen preview`: a live page in a real browser (headless Chromium) that follows the YAML."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_TEXT, plan_file, require_reader

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"


def require_browser() -> None:
    """Skip (locally) or fail (in CI) without Debian's chromium and chromium-driver."""
    if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
        message = "needs headless Chromium: apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def start(plan: Path, env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """Start docgen preview on plan; return the process and the page's address it printed."""
    process = subprocess.Popen([sys.executable, "-m", "docgen", "preview", str(plan), "--no-browser"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8",
                               cwd=ROOT, env=env, start_new_session=True)
    first = process.stdout.readline()
    match = re.search(r"http://127\.0\.0\.1:\d+/", first)
    assert match, first + process.stderr.read()
    return process, match.group()


def stop(process: subprocess.Popen) -> str:
    """Stop the preview as Ctrl-C would; return what it printed; nothing it started may remain."""
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    left = subprocess.run(["pgrep", "-s", str(process.pid)], capture_output=True, text=True).stdout.split()
    assert left == [], "processes left behind: " + subprocess.run(["ps", "-o", "pid,cmd", *left],
                                                                   capture_output=True, text=True).stdout
    return out


def state(url: str) -> dict:
    with urllib.request.urlopen(url + "state", timeout=10) as response:
        return json.load(response)


def wait_until(condition, seconds: float = 60, what: str = "the page to change"):
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def save(plan: Path, text: str) -> None:
    """Write the plan as an editor does: a new file renamed over the old one."""
    tmp = plan.with_name(".~" + plan.name)
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, plan)


@pytest.fixture
def browser(tmp_path):
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1400,1000", f"--user-data-dir={tmp_path / 'chromium'}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.mark.slow
@pytest.mark.libreoffice
def test_the_page_follows_the_yaml_as_it_is_saved(tmp_path, browser):
    require_reader()
    plan = plan_file(tmp_path, SAMPLE_TEXT)
    process, url = start(plan)
    try:
        browser.get(url)
        text = lambda css: browser.find_element("css selector", css).text
        wait_until(lambda: "III. NHIỆM VỤ VÀ GIẢI PHÁP" in text("#outline"), what="the outline")
        wait_until(lambda: len(browser.find_elements("css selector", "#pages img")) == 15, what="15 pages")
        wait_until(lambda: browser.execute_script(
            "return [...document.images].every(i => i.complete && i.naturalWidth > 700)"), what="pictures")

        edited = SAMPLE_TEXT.replace("  trên địa bàn thị trấn Kông Chro\n", "  trên địa bàn thị trấn Kông Chro (dự thảo lần 2)\n", 1)
        assert edited != SAMPLE_TEXT
        save(plan, edited)
        wait_until(lambda: "(dự thảo lần 2)" in text("#title"), what="the new title")

        broken = edited.replace("      so_ho: 492\n", "      so_ho: 4x2\n", 1)
        line = next(n for n, text in enumerate(broken.splitlines(), 1) if text.strip() == "so_ho: 4x2")
        save(plan, broken)
        wait_until(lambda: f"ke-hoach-2024.yaml:{line}:" in text("#errors"), what="the error with its line")
        assert "phu_luc[0].dong[2].so_ho" in text("#errors") and "4x2" in text("#errors")
        assert "1 lỗi" in text("#status")
        browser.save_screenshot(str(tmp_path / "preview-error.png"))
        if os.environ.get("DOCGEN_SCREENSHOTS"):  # for a person to look at
            shutil.copy(tmp_path / "preview-error.png", os.environ["DOCGEN_SCREENSHOTS"])

        save(plan, edited)
        wait_until(lambda: text("#errors") == "" and "15 trang" in text("#status"), what="the error to go")
    finally:
        out = stop(process)
    saves = [line for line in out.splitlines() if "đã lưu — kiểm tra:" in line]
    assert len(saves) >= 3 and "Đã dừng xem trước." in out


@pytest.mark.slow
def test_without_libreoffice_it_still_shows_problems_and_says_what_to_install(tmp_path):
    plan = plan_file(tmp_path, SAMPLE_TEXT.replace("ngay_ban_hanh: 2024-01-11", "ngay_ban_hanh: 2024-02-30"))
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("Program")} | {"PATH": str(empty)}
    process, url = start(plan, env)
    try:
        first = wait_until(lambda: state(url)["version"] and state(url))
        assert "LibreOffice" in first["notice"] and first["pages"] == 0
        assert any("ngay_ban_hanh" in p["message"] for p in first["problems"])
        save(plan, SAMPLE_TEXT)
        fixed = wait_until(lambda: (s := state(url))["problems"] == [] and s)
        assert {"level": 1, "text": "V. TỔ CHỨC THỰC HIỆN"} in fixed["outline"]
    finally:
        stop(process)


@pytest.mark.slow
def test_a_report_is_checked_again_when_the_plan_it_copies_from_is_saved(tmp_path):
    from docgen.cli import main

    plan = plan_file(tmp_path, SAMPLE_TEXT)
    report = tmp_path / "bao-cao.yaml"
    assert main(["report", str(plan), "-o", str(report)]) == 0
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("Program")} | {"PATH": str(empty)}
    process, url = start(report, env)  # no LibreOffice: the check alone, quickly
    try:
        first = wait_until(lambda: state(url)["version"] and state(url))
        assert not [p for p in first["problems"] if p["severity"] == "lỗi"], first["problems"]
        changed = re.sub(r"(thoat_ngheo: )3\b", r"\g<1>2", SAMPLE_TEXT, count=1)
        assert changed != SAMPLE_TEXT
        save(plan, changed)
        def refused():
            problems = state(url)["problems"]
            return [p["message"] for p in problems if "--cap-nhat" in p["message"]]

        assert any("20,31" in message for message in wait_until(refused))
    finally:
        stop(process)
