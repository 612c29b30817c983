"""Edit a .docx in LibreOffice as a user would, through its Python bridge (run by the system
Python, which has `uno`): replace words, type new values into table cells, delete paragraphs,
then save as Word. Used by the import round-trip tests.

    python3 office_edit.py PIPE SOURCE.docx TARGET.docx '{"replace": [[old, new]], "cells":
        [[table_index, [[cell_name, old, new]]]], "delete": [paragraph_text]}'
"""

import json
import sys

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main() -> None:
    pipe, source, target, plan = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
    for old, new in plan.get("replace", []):
        search = doc.createReplaceDescriptor()
        search.setSearchString(old)
        search.setReplaceString(new)
        if doc.replaceAll(search) != 1:
            raise SystemExit(f"not found once: {old}")
    tables = doc.getTextTables()
    for index, cells in plan.get("cells", []):
        table = tables.getByIndex(index)
        for name, old, new in cells:
            cell = table.getCellByName(name)
            if cell.getString() != old:
                raise SystemExit(f"cell {name} holds {cell.getString()!r}, not {old!r}")
            cell.setString(new)
    for text in plan.get("delete", []):
        paragraphs = doc.getText().createEnumeration()
        while paragraphs.hasMoreElements():
            p = paragraphs.nextElement()
            if p.supportsService("com.sun.star.text.Paragraph") and p.getString() == text:
                p.dispose()
                break
        else:
            raise SystemExit(f"paragraph not found: {text}")
    doc.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Word 2007 XML"),))
    doc.close(True)


if __name__ == "__main__":
    main()
