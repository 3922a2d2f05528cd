"""The `xianjie` command. Each command group lives in assistant/commands/<group>.py and registers itself here."""
from __future__ import annotations

import sys

import typer

from assistant.commands import register_all
from assistant.errors import UserError, friendly

app = typer.Typer(
    name="xianjie",
    help="行刑双向衔接审查与文书辅助系统（检察官用）。所有命令均可离线运行。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """行刑双向衔接审查与文书辅助系统。"""


register_all(app)


def main(argv: list[str] | None = None) -> int:
    try:
        app(args=argv, standalone_mode=False)
    except UserError as exc:
        typer.secho(f"错误：{exc}", err=True, fg=typer.colors.RED)
        return exc.exit_code
    except KeyboardInterrupt:
        typer.secho("已中断。", err=True)
        return 130
    except Exception as exc:  # the last line of defence: a Chinese message, never a traceback
        msg = friendly(exc)
        if msg is None:
            raise
        typer.secho(f"错误：{msg}", err=True, fg=typer.colors.RED)
        return 1
    return 0


def _entry() -> None:
    sys.exit(main())


if __name__ == "__main__":
    _entry()
