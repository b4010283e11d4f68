#!/usr/bin/python3
"""fANOVA hyper-parameter importances computed by Optuna, the peer reference for the Java Fanova.

Run with Debian's Python and packages (apt-get install python3-optuna python3-sklearn):

  fixture: writes a seeded table of trials with planted effects as CSV and Optuna's importances as JSON
      /usr/bin/python3 bench/peers/optuna_fanova.py fixture \
          workflows/src/test/resources/dev/stimulus/workflows/analysis/optuna_fanova.csv \
          > workflows/src/test/resources/dev/stimulus/workflows/analysis/optuna_fanova.json

  time: reads a CSV of trials (last column `objective`), times Optuna's fANOVA on it, prints JSON
      /usr/bin/python3 bench/peers/optuna_fanova.py time trials.csv --trees 32 --seed 0

Planted function of the fixture (uniform measure on the declared domains):
  objective = 4 x1 + 2 [act = relu] + 1.5 x2 + 1.2 n / 8 + 0 irr + N(0, 0.05^2)
  x1, x2, irr ~ U[0, 1]; n ~ U{1..8} (Optuna treats it as the interval [1, 8]); act ~ U{relu, tanh, gelu}
  variances: x1 16/12 = 1.333, act 4 * 2/9 = 0.889, x2 2.25/12 = 0.1875, n 1.44/64 * 49/12 = 0.0919, irr 0
so the expected order is x1 > act > x2 > n > irr, each at least twice the next.
Floats are written with repr(), which round-trips exactly to the same double in Java.
"""
import csv
import json
import sys
import time

import numpy as np
import optuna
import sklearn
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.importance import FanovaImportanceEvaluator

FIXTURE_SEED = 42
FIXTURE_TRIALS = 200
EVALUATOR_SEED = 0


def fixture_distributions():
    return {
        "x1": FloatDistribution(0.0, 1.0),
        "x2": FloatDistribution(0.0, 1.0),
        "n": IntDistribution(1, 8),
        "act": CategoricalDistribution(["gelu", "relu", "tanh"]),
        "irr": FloatDistribution(0.0, 1.0),
    }


def fixture_rows():
    rng = np.random.RandomState(FIXTURE_SEED)
    rows = []
    for _ in range(FIXTURE_TRIALS):
        x1, x2, irr = (float(v) for v in rng.random_sample(3))
        n = int(rng.randint(1, 9))
        act = ["relu", "tanh", "gelu"][rng.randint(3)]
        objective = 4 * x1 + 2 * (act == "relu") + 1.5 * x2 + 1.2 * n / 8 + float(rng.normal(0, 0.05))
        rows.append({"x1": x1, "x2": x2, "n": n, "act": act, "irr": irr, "objective": objective})
    return rows


def write_csv(path, rows, names):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names + ["objective"])
        for r in rows:
            w.writerow([repr(r[k]) if isinstance(r[k], float) else r[k] for k in names + ["objective"]])


def read_csv(path):
    """Rows and distributions inferred from the values: ints, floats (observed bounds) or categories."""
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        raw = list(reader)
    names = header[:-1]
    columns = {}
    distributions = {}
    for j, name in enumerate(names):
        texts = [r[j] for r in raw]
        try:
            values = [int(t) for t in texts]
            distributions[name] = IntDistribution(min(values), max(values))
        except ValueError:
            try:
                values = [float(t) for t in texts]
                distributions[name] = FloatDistribution(min(values), max(values))
            except ValueError:
                values = texts
                distributions[name] = CategoricalDistribution(sorted(set(values)))
        columns[name] = values
    rows = []
    for i, r in enumerate(raw):
        row = {name: columns[name][i] for name in names}
        row["objective"] = float(r[-1])
        rows.append(row)
    return rows, distributions


def importances(rows, distributions, trees, seed):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="minimize")
    study.add_trials([
        optuna.trial.create_trial(
            params={k: r[k] for k in distributions}, distributions=distributions, value=r["objective"])
        for r in rows
    ])
    evaluator = FanovaImportanceEvaluator(n_trees=trees, seed=seed)
    start = time.perf_counter()
    result = optuna.importance.get_param_importances(study, evaluator=evaluator)
    return {k: float(v) for k, v in result.items()}, time.perf_counter() - start


def main(argv):
    if len(argv) >= 2 and argv[0] == "fixture":
        rows = fixture_rows()
        distributions = fixture_distributions()
        write_csv(argv[1], rows, list(distributions))
        result, _ = importances(rows, distributions, 64, EVALUATOR_SEED)
        json.dump({
            "optuna_version": optuna.__version__,
            "sklearn_version": sklearn.__version__,
            "evaluator": "FanovaImportanceEvaluator(n_trees=64, seed=%d)" % EVALUATOR_SEED,
            "trials": FIXTURE_TRIALS,
            "bounds": {k: [d.low, d.high] for k, d in distributions.items() if not isinstance(d, CategoricalDistribution)},
            "importances": result,
        }, sys.stdout, indent=2, sort_keys=True)
        print()
    elif len(argv) >= 2 and argv[0] == "time":
        trees = int(argv[argv.index("--trees") + 1]) if "--trees" in argv else 64
        seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 0
        rows, distributions = read_csv(argv[1])
        result, seconds = importances(rows, distributions, trees, seed)
        json.dump({"seconds": seconds, "trials": len(rows), "trees": trees, "importances": result}, sys.stdout)
        print()
    else:
        sys.exit("usage: optuna_fanova.py fixture OUT.csv | time IN.csv [--trees N] [--seed S]")


if __name__ == "__main__":
    main(sys.argv[1:])
