#!/usr/bin/python3
"""Writes metric fixtures scored by scikit-learn and SciPy, the independent reference for the
evaluate stage's Metrics tests (stages/src/test/resources/dev/stimulus/stages/evaluate/sklearn_metrics.json).

Run with Debian's Python and packages (apt-get install python3-sklearn python3-scipy):

    /usr/bin/python3 bench/peers/sklearn_metrics.py > \
        stages/src/test/resources/dev/stimulus/stages/evaluate/sklearn_metrics.json

Scores are rounded to one or two decimals so that ties occur, within and across classes. The
thresholded metrics predict positive when score >= 0.5. Floats are written with repr(), which
round-trips exactly to the same double in Java.
"""
import json
import sys

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn import metrics


def binary_case(name, rng, n, prevalence, decimals, signal):
    y = (rng.random_sample(n) < prevalence).astype(int)
    s = np.clip(rng.random_sample(n) * (1 - signal) + y * signal, 0, 1).round(decimals)
    pred = (s >= 0.5).astype(int)
    return {
        "name": name,
        "labels": y.tolist(),
        "scores": s.tolist(),
        "expected": {
            "accuracy": float(metrics.accuracy_score(y, pred)),
            "roc_auc": float(metrics.roc_auc_score(y, s)),
            "pr_auc": float(metrics.average_precision_score(y, s)),
            "mcc": float(metrics.matthews_corrcoef(y, pred)),
            "f1": float(metrics.f1_score(y, pred)),
            "precision": float(metrics.precision_score(y, pred)),
            "recall": float(metrics.recall_score(y, pred)),
        },
    }


def multiclass_case(name, rng, n, k, accuracy):
    y = rng.randint(0, k, n)
    wrong = rng.random_sample(n) >= accuracy
    pred = np.where(wrong, rng.randint(0, k, n), y)
    return {
        "name": name,
        "labels": y.tolist(),
        "predictions": pred.tolist(),
        "expected": {
            "accuracy": float(metrics.accuracy_score(y, pred)),
            "macro_f1": float(metrics.f1_score(y, pred, average="macro")),
        },
    }


def regression_case(name, rng, n, noise, decimals):
    y = rng.normal(size=n).round(decimals)
    p = (y + noise * rng.normal(size=n)).round(decimals)
    return {
        "name": name,
        "labels": y.tolist(),
        "predictions": p.tolist(),
        "expected": {
            "rmse": float(np.sqrt(metrics.mean_squared_error(y, p))),
            "r2": float(metrics.r2_score(y, p)),
            "spearman": float(scipy.stats.spearmanr(y, p).correlation),
        },
    }


def main():
    rng = np.random.RandomState(20240611)
    out = {
        "generator": "bench/peers/sklearn_metrics.py",
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__, "sklearn": sklearn.__version__},
        "threshold": 0.5,
        "binary": [
            binary_case("balanced_n60_1dp", rng, 60, 0.5, 1, 0.3),
            binary_case("imbalanced_n200_2dp", rng, 200, 0.15, 2, 0.2),
            binary_case("heavy_ties_n500_1dp", rng, 500, 0.4, 1, 0.1),
            binary_case("weak_n1000_2dp", rng, 1000, 0.3, 2, 0.05),
        ],
        "multiclass": [
            multiclass_case("k3_n90", rng, 90, 3, 0.6),
            multiclass_case("k5_n400", rng, 400, 5, 0.4),
        ],
        "regression": [
            regression_case("n50_1dp", rng, 50, 0.5, 1),
            regression_case("n300_2dp", rng, 300, 1.0, 2),
        ],
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
