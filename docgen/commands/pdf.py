"""`docgen pdf`: a PDF for circulation and archiving, from a plan or any .docx (docgen.output.pdf)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from docgen.commands import existing, output_path, writable
from docgen.commands import template as chosen_template
from docgen.ooxml import untrusted
from docgen.output.pdf import convert, soffice


def run(args) -> int:
    path, output, template = existing(args.source), args.output, chosen_template(args.template)
    if path.suffix.lower() in (".yaml", ".yml"):
        from docgen.plan.build import load_plan  # heavy: the plan model and render, off the .docx path
        from docgen.render.engine import render_file  # heavy: the plan model and render, off the .docx path

        soffice()  # fail before rendering when the converter is missing
        plan = load_plan(path)
        out = writable(output_path(path, output, ".pdf"), path, template)
        with tempfile.TemporaryDirectory(prefix="docgen-") as tmp:
            docx = Path(tmp) / f"{path.stem}.docx"
            render_file(plan, docx, template)
            convert(docx, out)
    else:
        untrusted.read(path)  # a file from elsewhere: within limits before LibreOffice opens it
        out = writable(Path(output) if output else path.with_suffix(".pdf"), path)
        convert(path, out)
    print(f"đã tạo {out}")
    return 0
