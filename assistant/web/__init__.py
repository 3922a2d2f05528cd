"""The procurator's web app (FastAPI): chat panel, case review with one-click drafts, monthly report, audit log.

    from assistant.web import create_app
    app = create_app()                    # settings from XIANJIE_*; `xianjie serve` runs it with uvicorn

Modules: app (factory), auth (token, requesting user), errors (JSON errors with stable codes), uploads (limits),
services (index, review engine, chat model, conversations, jobs), conversations, chat_context (query + rules),
sse (event streams), jobs (report jobs), routes_* (one area each), static/ (the page; no CDN).
"""
from .app import create_app

__all__ = ["create_app"]
