"""The app factory: `create_app(settings, host=…, services=…)` → the FastAPI app (OpenAPI docs at /docs).

The host decides the access rule (auth.py): loopback needs no token unless one is configured; any other address
refuses to start without one. Static files (the one page, its CSS and JS) come from assistant/web/static/ — nothing
from a CDN, the users are on a closed network; the API docs page is served from the same place for the same reason.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from .auth import AuthMiddleware, check_bind, is_loopback, tokens_of
from .errors import install as install_errors
from .services import Services
from .uploads import BodyLimitMiddleware

STATIC = Path(__file__).resolve().parent / "static"
VERSION = "0.1.0"


class Health(BaseModel):
    status: str = Field(description="ok")
    index_ready: bool
    index_message: str = Field(description="检索索引状态（中文）")
    backend: str = Field(description="问答与文书的生成后端：offline / openai …")
    auth_required: bool
    user: str = Field(description="本次请求记入审计日志的使用者")
    max_upload_mb: int
    max_pdf_pages: int


def create_app(settings=None, *, host: str | None = None, services: Services | None = None,
               warm_up: bool = False) -> FastAPI:
    """`warm_up`: open the index and the review data in a background thread at start-up (the server answers at once;
    the first question no longer waits for the index)."""
    from assistant.settings import get_settings

    settings = settings or get_settings()
    host = host or settings.host
    check_bind(host, settings)
    app = FastAPI(
        title="行刑双向衔接助手 API",
        version=VERSION,
        description="法规检索与条文原文、案件审查、一键生成检察意见书与证据缺口清单、问答（SSE）、月度类案监督报告、审计日志。"
                    "错误均为 JSON：{\"code\": 稳定代码, \"message\": 中文说明}。",
        docs_url=None, redoc_url=None, lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.warm_up = warm_up
    app.state.services = services or Services(settings)
    app.state.auth_required = (not is_loopback(host)) or bool(tokens_of(settings))
    if is_loopback(host) and not tokens_of(settings):
        # a page on another site must not reach the token-free loopback server through DNS rebinding
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "[::1]", "::1", "testserver"])
    app.add_middleware(BodyLimitMiddleware, settings=settings)
    app.add_middleware(AuthMiddleware, settings=settings, required=app.state.auth_required)   # outermost: first
    install_errors(app)

    from . import routes_audit, routes_chat, routes_reports, routes_review, routes_search

    for module in (routes_search, routes_review, routes_chat, routes_reports, routes_audit):
        app.include_router(module.router)

    @app.get("/api/health", response_model=Health, tags=["系统"], summary="服务状态")
    def health(request: Request) -> Health:
        from .auth import requesting_user

        st = app.state.services.index_status()
        return Health(status="ok", index_ready=st["ready"], index_message=st["message"], backend=settings.llm_backend,
                      auth_required=app.state.auth_required, user=requesting_user(request),
                      max_upload_mb=settings.max_upload_mb, max_pdf_pages=settings.max_pdf_pages)

    @app.get("/", include_in_schema=False)
    def index_page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/openapi.json", title="行刑双向衔接助手 API 文档",
                                   swagger_js_url="/static-docs/swagger-ui-bundle.js",
                                   swagger_css_url="/static-docs/swagger-ui.css",
                                   swagger_favicon_url="/static-docs/favicon.png")

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/static-docs", StaticFiles(directory=_swagger_assets()), name="static-docs")
    return app


def _swagger_assets() -> Path:
    """Swagger UI's JS/CSS as shipped inside the fastapi-offline wheel (no CDN)."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).resolve().parent / "static"


@asynccontextmanager
async def _lifespan(app: FastAPI):
    if app.state.warm_up:
        import threading

        threading.Thread(target=app.state.services.warm_up, name="xianjie-warm-up", daemon=True).start()
    yield
    app.state.services.close()
