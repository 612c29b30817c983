"""docgen's own Word template, shipped inside the package.

The default template is package data (found with importlib.resources, so an installed wheel
renders as a checkout does); `docgen template -o MAU.docx` writes it out for a user to restyle.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

TEMPLATE = Path(str(resources.files(__package__).joinpath("ke-hoach.docx")))
