"""Verbs beyond render and validate, one module each."""
