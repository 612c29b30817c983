"""docgen: a Vietnamese Kế hoạch (Decree 30/2020/NĐ-CP) from a plan written as YAML.

The package is layered; a module imports only from its own folder and the folders below it
(checked by import-linter, contracts in pyproject.toml):

    cli                      the command line: arguments in, messages and exit codes out
    commands/                one verb each (render, check, import …); may use any layer below
    preview/ compare/ checker/ year/ sheets/
                             the live page; two renderings aligned; any .docx checked; the plan's
                             year (calendar, tasks); annex tables to and from spreadsheets
                             (siblings: none imports another; checker never loads the plan model)
    render/                  a Plan to a .docx through the Word template
    plan/ output/            the plan as data (YAML → model → computed tables); files written, PDFs
    ooxml/                   WordprocessingML and the zip package: the only layer importing lxml or
                             python-docx (a forbidden contract); the layers above hold its elements
    base/                    errors, Vietnamese numbers and dates, text measure, cache

The pipeline of one render reads top to bottom: plan.load → plan.validate → plan.build
(checks across fields, annexes computed) → render.context → render.engine → output.write.
"""

__version__ = "0.1.0"
