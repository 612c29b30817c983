"""What `docgen preview` shows of a plan (its problems, outline and pages) and its page.

Imports docgen.render and everything below it.
"""
