"""The plan's year after signature: its dated duties, as calendar events and task lists per unit.

Imports docgen.plan, docgen.output, docgen.ooxml and docgen.base.
"""
