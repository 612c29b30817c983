"""`docgen schema`: the JSON Schema of the plan YAML, generated from the model, for editors."""

from __future__ import annotations

import json
from pathlib import Path

from docgen.commands import writable
from docgen.output.write import write_atomic
from docgen.plan.model import KeHoach

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_text() -> str:
    """Return the JSON Schema of a plan file as stable, readable JSON."""
    schema = {"$schema": DIALECT} | KeHoach.model_json_schema()
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def run(args) -> int:
    output = args.output
    text = schema_text()
    if output:
        write_atomic(writable(Path(output)), text.encode("utf-8"))
        print(f"đã tạo {output}")
    else:
        print(text, end="")
    return 0
