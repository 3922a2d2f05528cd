"""A statistical second opinion for texts the rules cannot place.

Plain reports ("河里晚上有人拿电瓶打鱼", an inspector's bare description of what was seized) often carry none of the
terms and patterns the review index lists, and the rules then abstain. This model — character 2–3-grams, TF-IDF,
logistic regression — is trained on the labeled dev cases (never the test split) and on each entry's own description.
It is asked only when the rules found nothing at all (not when the document names a charge outside the index, and not
when an exclusion applied), and it names a charge only above a probability floor chosen by leave-one-author-group-out
runs on dev (docs/eval.md). Its suggestion is marked as such and carries no triggers: the procurator checks it.

The fitted model is cached under the data directory, keyed by a hash of everything it was trained on, so it is fitted
once (about 5 s) and loaded afterwards (well under a second). scikit-learn is imported only when the model is used.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
import warnings
from pathlib import Path

from assistant.review_index import ReviewIndex

NONE_LABEL = "（不属于审查索引罪名）"
PARAMS = {"analyzer": "char_wb", "ngram_range": (2, 3), "sublinear_tf": True, "min_df": 2, "C": 5.0}


def training_data(index: ReviewIndex, cases_path: Path) -> tuple[list[str], list[str]]:
    """(texts, labels): every labeled case (negatives as NONE_LABEL) and each entry's summary with its vocabulary."""
    texts: list[str] = []
    labels: list[str] = []
    names = {e.charge for e in index.entries}
    if cases_path.is_file():
        for line in cases_path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            gold = (row.get("gold") or {}).get("charge")
            if gold is not None and gold not in names:
                continue
            texts.append(row["facts"])
            labels.append(gold or NONE_LABEL)
    for e in index.entries:
        texts.append(" ".join([e.summary, *e.triggers, *e.context_terms]))
        labels.append(e.charge)
    return texts, labels


class ChargeTextModel:
    def __init__(self, index: ReviewIndex, cases_path: Path, cache_dir: Path, min_prob: float):
        self.index = index
        self.cases_path = Path(cases_path)
        self.cache_dir = Path(cache_dir)
        self.min_prob = float(min_prob)
        self._fitted = None

    def _key(self, texts: list[str], labels: list[str]) -> str:
        import sklearn

        h = hashlib.sha256(json.dumps([texts, labels, repr(PARAMS), sklearn.__version__], ensure_ascii=False).encode())
        return h.hexdigest()[:16]

    def _fit(self):
        if self._fitted is not None:
            return self._fitted
        import joblib
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        texts, labels = training_data(self.index, self.cases_path)
        path = self.cache_dir / f"charge-text-{self._key(texts, labels)}.joblib"
        if path.is_file():
            try:
                self._fitted = joblib.load(path)
                return self._fitted
            except Exception:  # noqa: BLE001 - a damaged cache file is refitted, never fatal
                pass
        params = {k: v for k, v in PARAMS.items() if k != "C"}
        vec = TfidfVectorizer(**params)
        with warnings.catch_warnings():
            # each index entry adds one sample of its own class; sklearn then wonders if this is regression
            warnings.filterwarnings("ignore", message="The number of unique classes", category=UserWarning)
            clf = LogisticRegression(max_iter=3000, C=PARAMS["C"]).fit(vec.fit_transform(texts), labels)
        self._fitted = (vec, clf)
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_dir, suffix=".tmp")
            os.close(fd)
            joblib.dump(self._fitted, tmp)
            os.replace(tmp, path)  # readers never see half a file
        except OSError:
            pass  # a read-only data directory: fit again next time
        return self._fitted

    def suggest(self, facts: str) -> tuple[str, float] | None:
        """(charge, probability) when the most probable label is an index charge above the floor; else None."""
        if not facts or not facts.strip():
            return None
        vec, clf = self._fit()
        probs = clf.predict_proba(vec.transform([facts]))[0]
        best = int(probs.argmax())
        label, p = str(clf.classes_[best]), float(probs[best])
        if label == NONE_LABEL or p < self.min_prob or self.index.get(label) is None:
            return None
        return label, p
