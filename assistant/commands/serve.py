"""`xianjie serve`: start the web app (chat panel, case review and drafts, monthly report) and print its address.

It builds nothing: scripts/run.sh builds the index first. Without an index the server still starts (review, drafts
and reports work) and says in Chinese how to build one; search and chat answer with that message until it exists.
"""
from __future__ import annotations

import typer

from assistant.errors import UserError


def _url(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    return f"http://{shown}:{port}/"


def _check_port(host: str, port: int) -> None:
    """Fail with a Chinese message before printing the address, rather than uvicorn's English log line."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except socket.gaierror:
            raise UserError(f"无法识别的绑定地址：{host}") from None
        except OSError as exc:
            import errno

            why = {errno.EADDRINUSE: "端口已被占用，可用 --port 换一个", errno.EACCES: "没有权限使用该端口，请换用 1024 以上的端口",
                   errno.EADDRNOTAVAIL: "本机没有这个地址，请检查 --host"}.get(exc.errno, exc.strerror or str(exc))
            raise UserError(f"无法在 {host}:{port} 上启动服务：{why}") from None


def register(app: typer.Typer) -> None:
    @app.command("serve", help="启动网页服务（问答面板、案件审查与一键文书、月度报告），默认只在本机 127.0.0.1 上提供")
    def serve(
        host: str = typer.Option(None, "--host", help="绑定地址，默认取设置 host（127.0.0.1）；非本机地址须设置 XIANJIE_API_TOKEN"),
        port: int = typer.Option(None, "--port", help="端口，默认取设置 port（8765）"),
    ) -> None:
        import uvicorn

        from assistant.settings import get_settings
        from assistant.web import create_app

        s = get_settings()
        host = host or s.host
        port = port if port is not None else s.port
        if not 0 < port < 65536:
            raise UserError(f"端口应在 1–65535 之间：{port}")
        app = create_app(s, host=host, warm_up=True)      # refuses a non-loopback host without a token
        _check_port(host, port)
        status = app.state.services.index_status()
        if not status["ready"]:
            typer.secho(f"注意：{status['message']}（在此之前检索与问答不可用，案件审查、文书与报告不受影响）",
                        fg=typer.colors.YELLOW, err=True)
        typer.echo(f"行刑衔接助手已启动：{_url(host, port)}（API 文档：{_url(host, port)}docs；按 Ctrl-C 停止）")
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
