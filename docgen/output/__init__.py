"""What leaves docgen: atomic, deterministic file writes, and PDFs made by LibreOffice (one
conversion at a time, or one office kept open by `preview`).

Imports docgen.ooxml and docgen.base.
"""
