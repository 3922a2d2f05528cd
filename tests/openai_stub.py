"""A small OpenAI-compatible chat server for tests, on 127.0.0.1 (free port, background thread).

    with OpenAIStub() as stub:
        stub.script(Reply("依照[刑法#214]……"), Reply(mode="500"))
        chat = OpenAIChat(base_url=stub.base_url, model="stub", timeout=2)

POST /v1/chat/completions answers the scripted replies in order (the last one repeats), as a JSON completion or as
SSE chunks when the request asks for `"stream": true`, the way OpenAI does. Modes: "ok", "500" (HTTP 500 with an
OpenAI error body), "slow" (waits `delay` seconds before answering: a client timeout), "malformed" (HTTP 200 with a
body that is not JSON), "wrong_shape" (JSON without choices). Every request body is kept in `requests`.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    text: str = ""
    mode: str = "ok"
    delay: float = 0.0
    chunk_chars: int = 3


class OpenAIStub:
    def __init__(self):
        self.requests: list[dict] = []
        self._replies: list[Reply] = [Reply("（未设置回复）")]
        self._served = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="openai-stub", daemon=True)

    # -- control ---------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def script(self, *replies: Reply | str) -> None:
        with self._lock:
            self._replies = [r if isinstance(r, Reply) else Reply(r) for r in replies]
            self._served = 0

    def _next(self) -> Reply:
        with self._lock:
            reply = self._replies[min(self._served, len(self._replies) - 1)]
            self._served += 1
            return reply

    def start(self) -> "OpenAIStub":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()          # wakes handlers sleeping in "slow" mode
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> "OpenAIStub":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- HTTP ------------------------------------------------------------------------------------
    def _handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output quiet
                pass

            def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                if self.path.rstrip("/").endswith("/models"):
                    self._send(200, json.dumps({"object": "list", "data": [{"id": "stub", "object": "model"}]}).encode())
                else:
                    self._send(404, b'{"error": {"message": "not found"}}')

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self._send(404, b'{"error": {"message": "not found"}}')
                    return
                body = json.loads(raw or b"{}")
                stub.requests.append(body)
                reply = stub._next()
                if reply.mode == "slow" and stub._stop.wait(reply.delay):
                    return
                if reply.mode == "500":
                    err = {"error": {"message": "internal error", "type": "server_error", "code": 500}}
                    self._send(500, json.dumps(err).encode())
                elif reply.mode == "malformed":
                    self._send(200, b'{"id": "x", "choices": [ {"message": ')
                elif reply.mode == "wrong_shape":
                    self._send(200, json.dumps({"id": "x", "object": "chat.completion", "result": "?"}).encode())
                elif body.get("stream"):
                    self._stream(body, reply)
                else:
                    self._send(200, json.dumps(_completion(body, reply.text)).encode())

            def _stream(self, body: dict, reply: Reply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                self.end_headers()
                created, model = int(time.time()), body.get("model", "stub")
                pieces = [reply.text[i:i + reply.chunk_chars] for i in range(0, len(reply.text), reply.chunk_chars)]
                deltas = [{"role": "assistant", "content": ""}] + [{"content": p} for p in pieces]
                for i, delta in enumerate(deltas):
                    chunk = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": created,
                             "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": None}]}
                    self.wfile.write(b"data: " + json.dumps(chunk, ensure_ascii=False).encode() + b"\n\n")
                    self.wfile.flush()
                last = {"id": "chatcmpl-stub", "object": "chat.completion.chunk", "created": created, "model": model,
                        "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                self.wfile.write(b"data: " + json.dumps(last).encode() + b"\n\ndata: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler


def _completion(body: dict, text: str) -> dict:
    return {"id": "chatcmpl-stub", "object": "chat.completion", "created": int(time.time()),
            "model": body.get("model", "stub"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": len(text), "total_tokens": 10 + len(text)}}
