"""Two renderings compared and aligned: `diff --docx` as tracked changes, edits made in Word placed
back into the YAML (`import --into`).

Imports docgen.render and everything below it.
"""
