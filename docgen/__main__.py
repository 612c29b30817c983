from docgen.client import run

raise SystemExit(run())
