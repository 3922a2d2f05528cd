"""`python -m assistant.render FILE.docx -o OUT -p 2`: preview a DOCX as PDF + PNG (see preview.py)."""

import sys

from .preview import main

sys.exit(main())
