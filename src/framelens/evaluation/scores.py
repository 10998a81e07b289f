"""Precision, recall and F1 of extracted spans and sets, counted.

Extraction is scored by matching sets (a passage's sanction types, entity names) and
overlapping spans (claims), which scikit-learn's metrics do not do; one-label-per-item
scores (frames, stances) use scikit-learn's ``precision_recall_fscore_support``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class PRF:
    """Counts of true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.tp += len(predicted & gold)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "support": self.tp + self.fn, "predicted": self.tp + self.fp,
        }


@dataclass
class Accuracy:
    """Share of correct decisions."""

    correct: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.correct += int(ok)
        self.total += 1

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"accuracy": round(self.value, 4), "n": self.total}


@dataclass
class PerLabel:
    """A PRF per label plus their micro-average."""

    labels: dict[str, PRF] = field(default_factory=dict)

    def add(self, predicted: set[tuple[str, str]], gold: set[tuple[str, str]]) -> None:
        """Items are (key, label) pairs; scored per label."""
        for label in {lab for _, lab in predicted | gold}:
            self.labels.setdefault(label, PRF()).add(
                {p for p in predicted if p[1] == label}, {g for g in gold if g[1] == label}
            )

    def micro(self, only: set[str] | None = None) -> PRF:
        total = PRF()
        for label, prf in self.labels.items():
            if only is None or label in only:
                total.tp, total.fp, total.fn = total.tp + prf.tp, total.fp + prf.fp, total.fn + prf.fn
        return total

    def as_dict(self) -> dict[str, dict]:
        return {label: prf.as_dict() for label, prf in sorted(self.labels.items())}


def confusion(pairs: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """gold -> predicted -> count."""
    table: dict[str, Counter] = {}
    for gold, predicted in pairs:
        table.setdefault(gold, Counter())[predicted] += 1
    return {g: dict(c) for g, c in sorted(table.items())}
