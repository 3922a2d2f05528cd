"""Local model speed (opt-in; needs scripts/setup_local_llm.sh): prompt and generation tokens/s, first-token latency
and one drafted section through the guard, with Qwen2.5-Coder-0.5B Q4_K_M on xllamacpp, 127.0.0.1.

    OMP_WAIT_POLICY=passive .venv/bin/python bench/bench_local_llm.py [--runs 3] [--max-tokens 200]

Figures come from llama.cpp's own `timings` in each reply (server-side, exact token counts of the served model).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from assistant.llm.guarded import generate_section  # noqa: E402
from assistant.llm.local_server import LocalLLMServer  # noqa: E402
from assistant.llm.openai_backend import OpenAIChat  # noqa: E402
from assistant.llm.prompts import load_prompt  # noqa: E402
from assistant.llm.tokens import count_messages  # noqa: E402
from assistant.verify import default_verifier  # noqa: E402
from index.provisions import load_store  # noqa: E402

IDS = ["刑法#214", "刑事诉讼法#177.3", "知识产权刑事解释#5.1"]
CASE = ("2024年3月至5月，张某在某区农贸市场销售假冒“茅台”注册商标的白酒共计120瓶，销售金额9.6万元，违法所得3.2万元。"
        "2024年9月10日，本院以犯罪情节轻微为由作出不起诉决定。")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-tokens", type=int, default=200)
    a = ap.parse_args()
    store = load_store()
    variables = {"direction": "反向衔接", "review": "罪名：销售假冒注册商标的商品；违法所得：3.2万元",
                 "provisions": "\n".join(f"[{i}] {store.get(i).text}" for i in IDS), "allowed_ids": IDS,
                 "case_facts": CASE}
    messages = load_prompt("opinion_facts").render(variables)
    t0 = time.perf_counter()
    with LocalLLMServer() as srv:
        print(f"server ready: {time.perf_counter() - t0:.1f} s  ({srv.base_url}, threads={srv.threads}, ctx={srv.n_ctx})")
        print(f"prompt: {count_messages(messages)} cl100k tokens (estimate)")
        pp, tg, served_prompt = [], [], 0
        for _ in range(a.runs):
            r = httpx.post(f"{srv.base_url}/chat/completions", timeout=600,
                           json={"model": srv.model_name, "messages": messages, "max_tokens": a.max_tokens,
                                 "temperature": 0, "cache_prompt": False})
            t = r.json()["timings"]
            pp.append(t["prompt_per_second"])
            tg.append(t["predicted_per_second"])
            served_prompt = t["prompt_n"]
        print(f"prompt tokens (served model's tokenizer): {served_prompt}")
        print(f"prompt processing: median {statistics.median(pp):.1f} tokens/s over {a.runs} runs")
        print(f"generation:        median {statistics.median(tg):.1f} tokens/s over {a.runs} runs")
        chat = OpenAIChat(base_url=srv.base_url, model=srv.model_name, timeout=600, max_retries=0)
        t1 = time.perf_counter()
        first = None
        for _ in chat.stream(messages, max_tokens=a.max_tokens):
            first = first or time.perf_counter() - t1
        print(f"streaming: first token after {first:.2f} s, whole reply {time.perf_counter() - t1:.1f} s")
        t2 = time.perf_counter()
        res = generate_section(chat, "opinion_facts", variables, IDS, "（离线文本）", default_verifier(),
                               max_tokens=a.max_tokens)
        print(f"generate_section: {time.perf_counter() - t2:.1f} s, used_model={res.used_model}, "
              f"removed={[c.id for c in res.removed]}, fallback={res.fallback_reason}")


if __name__ == "__main__":
    main()
