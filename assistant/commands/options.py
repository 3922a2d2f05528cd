"""Option parsing shared by the command groups."""
from __future__ import annotations

from datetime import date

from assistant.errors import UserError


def parse_date_option(value: str | None) -> date | None:
    """'2026-10-01' → date; empty → None; anything else → a Chinese usage error."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise UserError(f"日期格式应为 YYYY-MM-DD：{value}") from None
