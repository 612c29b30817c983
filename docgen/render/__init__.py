"""A Plan to a .docx: the template's context, the template prepared and sandboxed, rendered by
Jinja with docxtpl's rules, annex tables laid out, the quote record written.

Imports docgen.plan, docgen.output, docgen.ooxml and docgen.base.
"""
