"""User-facing errors: every one carries a Chinese message and an exit code / stable API code."""
from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix (bad input, missing index…). Message in Chinese."""

    exit_code = 1
    code = "bad_request"

    def __init__(self, message: str, code: str | None = None, exit_code: int | None = None):
        super().__init__(message)
        if code:
            self.code = code
        if exit_code is not None:
            self.exit_code = exit_code


class NotFoundError(UserError):
    code = "not_found"
    exit_code = 2


def friendly(exc: BaseException) -> str | None:
    """Chinese message for known exception types raised below the CLI/API, or None if unknown."""
    from index.citations import CitationError
    from index.corpus import CorpusError
    from index.provisions import ProvisionNotFound

    if isinstance(exc, (CitationError, ProvisionNotFound, CorpusError)):
        return str(exc)
    # typer vendors its own click; match by name so either flavour is handled
    mro = {c.__name__ for c in type(exc).__mro__}
    if "UsageError" in mro:
        return f"命令用法有误：{exc.format_message()}（用 --help 查看用法）"  # type: ignore[attr-defined]
    if "Abort" in mro:
        return "已取消。"
    if isinstance(exc, FileNotFoundError):
        return f"找不到文件：{exc.filename}"
    if isinstance(exc, PermissionError):
        return f"没有权限访问：{exc.filename}"
    names = {"IntakeError", "ReviewIndexError", "IndexMissingError", "IndexCorruptError", "IndexBusyError",
             "BackendError", "SearchQueryError", "LLMError", "RenderError", "DraftingError"}
    if type(exc).__name__ in names or any(c.__name__ in names for c in type(exc).__mro__):
        return str(exc)
    return None
