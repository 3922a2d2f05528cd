"""How much the statistical text model adds where the rules abstain, measured fairly: leave one author group out.

For each held-out dev group (dev-i, dev-j, …) the model is trained on the other groups only, and the rules are taken
as they were *before* that group was used to tune them (`--rules-at COMMIT`, checked out into a temporary git
worktree), so the rules abstain where they really did on unseen writing. Prints, per probability floor, how many of
the rules' abstentions on positives the model turns into the right charge, into a wrong charge, and how many
negatives it would charge.

    .venv/bin/python bench/text_model_groups.py --groups i,j --rules-at 4371e1d
    .venv/bin/python bench/text_model_groups.py --groups k --rules-at 5a92494
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RULES = r"""
import json, sys
from assistant.review.engine import ReviewEngine
from assistant.intake import case_from_dict
eng = ReviewEngine()
out = {}
for line in open(sys.argv[1], encoding="utf-8"):
    d = json.loads(line)
    r = eng.review(case_from_dict({**(d.get("case") or {}), "id": d["id"], "facts": d["facts"]}))
    out[d["id"]] = [None if r.abstained else r.charges[0].name, r.abstain_reason or ""]
print(json.dumps(out, ensure_ascii=False))
"""


def rule_outcomes(commit: str, cases: Path) -> dict[str, list]:
    with tempfile.TemporaryDirectory(prefix="xianjie-rules-") as tmp:
        wt = Path(tmp) / "wt"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(wt), commit], check=True)
        try:
            env = {**os.environ, "PYTHONPATH": str(wt), "XIANJIE_REVIEW_TEXT_MODEL": "false"}
            res = subprocess.run([sys.executable, "-c", RULES, str(cases)], cwd=wt, env=env, check=True,
                                 capture_output=True, text=True)
            return json.loads(res.stdout.strip().splitlines()[-1])
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(wt)], check=False)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--groups", required=True, help="dev group letters to hold out, e.g. i,j")
    ap.add_argument("--rules-at", required=True, help="git commit whose rules had not yet seen these groups")
    ap.add_argument("--cases", default=str(ROOT / "eval" / "cases" / "dev.jsonl"))
    ap.add_argument("--floors", default="0.2,0.3,0.4")
    a = ap.parse_args()

    from assistant.review.text_model import ChargeTextModel
    from assistant.review_index import load_review_index

    rows = [json.loads(x) for x in Path(a.cases).read_text(encoding="utf-8").splitlines() if x.strip()]
    group = lambda r: r["id"].split("-")[1][0]  # noqa: E731
    rules = rule_outcomes(a.rules_at, Path(a.cases))
    floors = [float(x) for x in a.floors.split(",")]
    index = load_review_index()
    for g in a.groups.split(","):
        held = [r for r in rows if group(r) == g]
        with tempfile.TemporaryDirectory() as tmp:
            train = Path(tmp) / "train.jsonl"
            train.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows if group(r) != g), encoding="utf-8")
            model = ChargeTextModel(index, train, Path(tmp) / "models", min_prob=0.0)
            pos = sum(1 for r in held if r["gold"]["charge"])
            ok = sum(1 for r in held if r["gold"]["charge"] and rules[r["id"]][0] == r["gold"]["charge"])
            counts = {f: [0, 0, 0] for f in floors}
            abstained = 0
            for r in held:
                pred, why = rules[r["id"]]
                if pred is not None or "不在审查索引" in why or "不考虑" in why:
                    continue
                gold = r["gold"]["charge"]
                abstained += bool(gold)
                found = model.suggest(r["facts"])
                for f in floors:
                    if found and found[1] >= f:
                        counts[f][0 if found[0] == gold else (2 if gold is None else 1)] += 1
        print(f"dev-{g}: rules right on {ok}/{pos} positives; rules abstained on {abstained} positives")
        for f, (right, wrong, neg) in counts.items():
            print(f"  floor {f:.1f}: recovered {right}, wrong charge {wrong}, negatives charged {neg}")


if __name__ == "__main__":
    main()
