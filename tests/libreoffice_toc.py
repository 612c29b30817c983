"""Insert LibreOffice's own table of contents (from the outline levels) into each .docx given, and
print its entries as JSON: what a clerk gets from Insert → Table of Contents in LibreOffice.

Run by a Python with LibreOffice's uno module (tests/test_page_pdf.py), standard library and uno alone:

    PYTHON libreoffice_toc.py SOFFICE PROFILE_URL PIPE_NAME FILE.docx…
"""

import json
import os
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main():
    program, profile, pipe, *files = sys.argv[1:]
    office = subprocess.Popen([program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                               f"--accept=pipe,name={pipe};urp;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    context = None
    for _ in range(120):
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.5)
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    out = {}
    try:
        for path in files:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                               (prop("Hidden", True),))
            index = doc.createInstance("com.sun.star.text.ContentIndex")
            index.CreateFromOutline = True
            index.Level = 10
            doc.getText().insertTextContent(doc.getText().getStart(), index, False)
            index.update()
            lines = [line for line in index.getAnchor().getString().split("\n") if line.strip()]
            out[path] = [line.split("\t")[0] for line in lines[1:]]  # (the first is the index's title)
            doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the office may already be gone
            office.kill()
        office.wait(timeout=60)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
