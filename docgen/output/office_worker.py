"""Keeps one LibreOffice running and converts .docx files to PDF on request, through UNO.

Run by a Python that has LibreOffice's `uno` module (LibreOffice's own
program/python on Windows and macOS; Debian's python3 with python3-uno), never
imported by docgen itself, so it uses the standard library and uno alone:

    PYTHON office_worker.py SOFFICE PROFILE_URL PIPE_NAME PDF_OPTIONS

It starts soffice headless with its own profile, listening on a named pipe,
prints `ready` once connected, then reads lines `IN.docx<TAB>OUT.pdf` on stdin
and answers each with `ok` or `error <message>`. When stdin closes (the
preview stopped) it stops LibreOffice and exits. It runs under
docgen/output/lifeline.py, which ends it and LibreOffice at once when the
command that asked for them ends any other way (killed, its terminal closed),
even in the middle of a conversion. PDF_OPTIONS are the PDF
export's options in the JSON form `soffice --convert-to` takes
(`{"UseTaggedPDF": {"type": "boolean", "value": "true"}, …}`), so that a PDF
made here is the PDF a cold conversion makes.
"""

import json
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

START_SECONDS = 60


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + START_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


_TYPES = {"boolean": lambda v: v == "true", "long": int, "string": str}


def filter_data(options):
    """Return the export options (JSON filter-options form) as UNO's FilterData sequence."""
    values = tuple(prop(name, _TYPES[o["type"]](o["value"])) for name, o in json.loads(options).items())
    return uno.Any("[]com.sun.star.beans.PropertyValue", values)


def convert(desktop, source, target, options):
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0,
                                       (prop("Hidden", True), prop("ReadOnly", True)))
    if doc is None:
        raise RuntimeError("LibreOffice could not open the file")
    try:
        export = (prop("FilterName", "writer_pdf_Export"), prop("FilterData", filter_data(options)))
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(target), export))
    finally:
        doc.close(True)


def main():
    soffice, profile, pipe, options = sys.argv[1:5]
    office = subprocess.Popen([soffice, f"-env:UserInstallation={profile}", "--headless", "--invisible",
                               "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                               f"--accept=pipe,name={pipe};urp;"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        desktop = connect(pipe)
        print("ready", flush=True)
        for line in sys.stdin:
            source, target = line.rstrip("\r\n").split("\t")
            try:
                convert(desktop, source, target, options)
                print("ok", flush=True)
            except Exception as exc:  # noqa: BLE001 - every failure is an answer, not an exit
                print("error " + " ".join(str(exc).split()), flush=True)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - the office may already be gone
            pass
    finally:
        try:
            office.wait(timeout=10)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == "__main__":
    main()
