"""The ground floor: errors, Vietnamese numbers and dates, text measure, the cache, word diffs.

Imports nothing else of docgen.
"""
