"""Errors of the rendering layer; messages are in Chinese because they reach the procurator."""


class RenderError(Exception):
    """A document could not be written, read or checked."""


class PreviewUnavailable(RenderError):
    """LibreOffice or poppler is missing, so no PDF/PNG preview can be made on this machine."""
