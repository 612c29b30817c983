"""WordprocessingML and the .docx package: namespaces, the hardened parser, parts read and
written, formatting as Word applies it, tracked revisions.

The one layer that touches lxml and python-docx internals. Imports only docgen.base.
"""
