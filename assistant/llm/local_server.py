"""A real model on this machine: xllamacpp's OpenAI-compatible llama.cpp server on 127.0.0.1 (opt-in).

    bash scripts/setup_local_llm.sh                 # once: xllamacpp + Qwen2.5-Coder-0.5B-Instruct Q4_K_M (≈ 490 MB)
    .venv/bin/python -m assistant.llm.local_server  # serve in the foreground; prints the base URL to configure

    with LocalLLMServer() as srv:                   # from Python/tests: a child process, ready when start() returns
        chat = OpenAIChat(base_url=srv.base_url, model=srv.model_name)

The server runs in a child process (not in ours): llama.cpp's threads and its log output stay out of the caller, and
stopping it is a plain terminate. The model file is checked against its sha256 before first use (the result is
remembered beside it, keyed by size and mtime, so the 490 MB are hashed once).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from assistant.errors import UserError

MODEL_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
MODEL_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
MODEL_NAME = "qwen2.5-coder-0.5b-instruct"


class LocalServerError(UserError):
    code = "local_llm_error"


def default_model_path(settings=None) -> Path:
    from assistant.settings import get_settings

    s = settings or get_settings()
    return Path(s.local_model_path) if s.local_model_path else s.data_dir / "models" / MODEL_FILE


def verify_model(path: Path, expected: str = MODEL_SHA256) -> None:
    """Raise LocalServerError unless `path` is the expected GGUF (hash remembered in `<path>.sha256-ok`)."""
    path = Path(path)
    if not path.is_file():
        raise LocalServerError(f"找不到本地模型文件 {path}：请先运行 scripts/setup_local_llm.sh")
    st = path.stat()
    stamp = path.with_name(path.name + ".sha256-ok")
    key = f"{expected} {st.st_size} {st.st_mtime_ns}"
    if stamp.is_file() and stamp.read_text().strip() == key:
        return
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    if h.hexdigest() != expected:
        raise LocalServerError(f"本地模型文件 {path} 校验失败（sha256 {h.hexdigest()[:16]}…），请重新运行 scripts/setup_local_llm.sh")
    try:
        stamp.write_text(key)
    except OSError:
        pass


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class LocalLLMServer:
    def __init__(self, model_path: Path | str | None = None, *, threads: int | None = None, n_ctx: int | None = None,
                 host: str = "127.0.0.1", port: int | None = None, startup_timeout: float = 180.0,
                 log_path: Path | str | None = None):
        from assistant.settings import get_settings

        s = get_settings()
        self.model_path = Path(model_path) if model_path else default_model_path(s)
        self.threads = int(threads or s.local_llm_threads)
        self.n_ctx = int(n_ctx or s.llm_context_tokens)
        self.host, self.port = host, port
        self.startup_timeout = startup_timeout
        self.log_path = Path(log_path) if log_path else s.data_dir / "logs" / "local_llm.log"
        self.model_name = MODEL_NAME
        self._proc: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/v1"

    def start(self) -> str:
        try:
            import xllamacpp  # noqa: F401
        except ImportError as exc:
            raise LocalServerError("未安装 xllamacpp：请先运行 scripts/setup_local_llm.sh") from exc
        verify_model(self.model_path)
        self.port = self.port or _free_port(self.host)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        cmd = [sys.executable, "-m", "assistant.llm.local_server", "--model", str(self.model_path),
               "--host", self.host, "--port", str(self.port), "--threads", str(self.threads), "--ctx", str(self.n_ctx)]
        env = {**os.environ, "OMP_WAIT_POLICY": "passive"}
        root = Path(__file__).resolve().parents[2]
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
        self._proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=str(root))
        log.close()
        self._wait_ready()
        return self.base_url

    def _wait_ready(self) -> None:
        import httpx

        deadline = time.monotonic() + self.startup_timeout
        url = f"http://{self.host}:{self.port}/health"
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise LocalServerError(f"本地模型服务启动失败（退出码 {self._proc.returncode}），日志：{self.log_path}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        self.stop()
        raise LocalServerError(f"本地模型服务在 {self.startup_timeout:g} 秒内未就绪，日志：{self.log_path}")

    def stop(self) -> None:
        if self._proc and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=5)
        self._proc = None

    def __enter__(self) -> "LocalLLMServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve(model: Path, host: str, port: int, threads: int, n_ctx: int) -> None:
    """Run the llama.cpp server in this process until it is terminated."""
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = str(model)
    params.n_ctx = n_ctx
    params.n_parallel = 1              # one slot: the whole context for one request; 2 cores gain nothing from more
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.hostnames = [host]
    params.port = port
    params.ui = False
    server = xlc.Server(params)
    print(f"本地模型服务已启动：{server.listening_address}/v1", flush=True)
    print(f"使用方法：XIANJIE_LLM_BACKEND=openai XIANJIE_OPENAI_BASE_URL={server.listening_address}/v1 "
          f"XIANJIE_OPENAI_MODEL={MODEL_NAME}", flush=True)
    threading.Event().wait()           # the server lives in its own threads; SIGTERM/Ctrl-C ends the process


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="在 127.0.0.1 上启动本地 OpenAI 兼容模型服务（xllamacpp）")
    ap.add_argument("--model", type=Path, default=None, help="GGUF 模型文件（默认 var/models 下的 Qwen2.5-Coder-0.5B）")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--ctx", type=int, default=None)
    a = ap.parse_args(argv)
    from assistant.settings import get_settings

    s = get_settings()
    model = a.model or default_model_path(s)
    try:
        import xllamacpp  # noqa: F401
        verify_model(model)
    except ImportError:
        print("未安装 xllamacpp：请先运行 scripts/setup_local_llm.sh", file=sys.stderr)
        return 1
    except LocalServerError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    try:
        serve(model, a.host, a.port, a.threads or s.local_llm_threads, a.ctx or s.llm_context_tokens)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
