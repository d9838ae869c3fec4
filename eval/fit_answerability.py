"""Fit the answerability judge on the dev sets, with cross-validated (out-of-fold) numbers and its trade-off curve.

    .venv/bin/python eval/fit_answerability.py [--sets dev abstention followups] [--out eval/reports/answerability]

Runs the chain with the judge switched off over every question of the sets, reads the signals the judge would
see, and fits a logistic model (assistant.answerability.fit). The threshold is chosen on out-of-fold
probabilities — the most out-of-corpus questions declined while at most 5 % of the answerable ones are — so the
numbers reported are the ones that predict unseen questions. Writes assistant/answerability.json (the model
the chain loads), a report with the curve, and the ablation of each signal (out-of-fold, same rule).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.answerability import DIRECTION, MODEL_FILE, Signals, fit  # noqa: E402
from assistant.chain import Assistant, ChainOptions  # noqa: E402
from assistant.evaluation.records import load_eval_set  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.store import open_snapshot  # noqa: E402

SETS = {name: ROOT.parent / "shared" / "eval" / f"{name}.jsonl" for name in ("dev", "abstention", "followups")}
# questions written for this check and never fitted on: the fitted model's numbers on them are held out
CHECKS = {
    "own": ROOT / "eval" / "sets" / "own_abstention.jsonl",
    "own2": ROOT / "eval" / "sets" / "own_abstention2.jsonl",
    # written by a helper that had not seen the judge's signals, before the refit on own and own2
    "own3": ROOT / "eval" / "sets" / "own_abstention3.jsonl",
    "own4": ROOT / "eval" / "sets" / "own_abstention4.jsonl",  # by a second helper, read only after measuring
}
MAX_FALSE_ABSTENTION = 0.05
FOLDS = 5
REPEATS = 5
L2 = float(__import__("os").environ.get("ANSWERABILITY_L2", "16"))
# each weight on the side its signal points (assistant.answerability.DIRECTION); ANSWERABILITY_SIGNED=0 frees them
SIGNS = (
    [DIRECTION[f.name] for f in fields(Signals)]
    if __import__("os").environ.get("ANSWERABILITY_SIGNED", "1") != "0"
    else []
)


def collect(assistant: Assistant, names: list[str]) -> list[dict]:
    rows = []
    for name in names:
        for row in load_eval_set(SETS.get(name) or CHECKS[name]):
            result = assistant.ask(row.question, list(row.history))
            judged = result.answerability or {}
            rows.append(
                {
                    "set": name,
                    "id": row.id,
                    "out": row.expects_abstention,
                    "abstained": result.abstained,
                    # rounded: sums over sets differ in the last bits from run to run (string hashing)
                    "signals": _rounded(judged.get("signals")),
                }
            )
    return rows


def _rounded(signals: dict | None) -> dict | None:
    if signals is None:
        return None
    return {k: float("nan") if v is None else round(float(v), 9) for k, v in signals.items()}


def out_of_fold(x: np.ndarray, y: np.ndarray, columns: list[int], seed: int) -> np.ndarray:
    """Probabilities for each row from a model that did not see it (stratified folds)."""
    rng = np.random.default_rng(seed)
    folds = np.zeros(len(y), dtype=int)
    for label in (0, 1):
        members = rng.permutation(np.flatnonzero(y == label))
        folds[members] = np.arange(len(members)) % FOLDS
    probabilities = np.zeros(len(y))
    for fold in range(FOLDS):
        train, test = folds != fold, folds == fold
        signs = [SIGNS[c] for c in columns] if SIGNS else None
        weights, bias, means, scales = fit(x[train][:, columns].tolist(), y[train].tolist(), l2=L2, signs=signs)
        z = bias + ((x[test][:, columns] - means) / scales) @ np.asarray(weights)
        probabilities[test] = 1 / (1 + np.exp(-z))
    return probabilities


def rates(rows: list[dict], judged: list[int], probabilities: np.ndarray, threshold: float) -> tuple[float, float]:
    """Abstention on out-of-corpus rows and false abstention on answerable rows, with the earlier rules' refusals."""
    declined = [row["abstained"] for row in rows]
    for index, p in zip(judged, probabilities):
        declined[index] = p >= threshold
    out = [d for row, d in zip(rows, declined) if row["out"]]
    answerable = [d for row, d in zip(rows, declined) if not row["out"]]
    return float(np.mean(out)) if out else 0.0, float(np.mean(answerable)) if answerable else 0.0


def choose_threshold(rows, judged, probabilities) -> tuple[float, list[tuple[float, float, float]]]:
    curve = [(t, *rates(rows, judged, probabilities, t)) for t in np.linspace(0.05, 0.99, 95)]
    allowed = [point for point in curve if point[2] <= MAX_FALSE_ABSTENTION]
    best = max(allowed, key=lambda point: (point[1], point[0])) if allowed else curve[-1]
    return float(best[0]), curve


def evaluate(rows, judged, x, y, columns) -> dict:
    """Repeated cross-validation: mean out-of-fold abstention and false abstention at the chosen threshold."""
    results = []
    for seed in range(REPEATS):
        probabilities = out_of_fold(x, y, columns, seed)
        threshold, curve = choose_threshold(rows, judged, probabilities)
        per_set = {}
        for name in dict.fromkeys(row["set"] for row in rows):
            members = [k for k, row in enumerate(rows) if row["set"] == name]
            inside = [(members.index(i), p) for i, p in zip(judged, probabilities) if i in members]
            per_set[name] = rates(
                [rows[k] for k in members], [k for k, _ in inside], np.asarray([p for _, p in inside]), threshold
            )
        results.append((threshold, *rates(rows, judged, probabilities, threshold), curve, per_set))
    return {
        "threshold": float(np.mean([r[0] for r in results])),
        "abstention": float(np.mean([r[1] for r in results])),
        "false_abstention": float(np.mean([r[2] for r in results])),
        "curve": results[0][3],
        "per_set": {name: [float(np.mean([r[4][name][m] for r in results])) for m in (0, 1)] for name in results[0][4]},
    }


def probabilities_of(x: np.ndarray, model) -> np.ndarray:
    weights, bias, means, scales = model
    x = np.where(np.isnan(x), np.asarray(means), x)  # an unmeasured signal counts as average, as in the chain
    return 1 / (1 + np.exp(-(bias + ((x - means) / scales) @ np.asarray(weights))))


def check(assistant: Assistant, name: str, names: list[str], model, threshold: float) -> tuple[int, int, float, float]:
    """The fitted model on a set it never saw: abstention and false abstention (the fixed rules' refusals kept)."""
    rows = collect(assistant, [name])
    judged = [i for i, row in enumerate(rows) if row["signals"] is not None and not row["abstained"]]
    x = np.asarray([[rows[i]["signals"][n] for n in names] for i in judged], dtype=float).reshape(len(judged), -1)
    probabilities = probabilities_of(x, model)
    abstention, false_abstention = rates(rows, judged, probabilities, threshold)
    out = sum(row["out"] for row in rows)
    return int(out), len(rows) - int(out), abstention, false_abstention


def plot(curve, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 4))
    ax.plot([c[2] for c in curve], [c[1] for c in curve], marker=".")
    ax.axvline(MAX_FALSE_ABSTENTION, color="grey", linestyle="--")
    ax.set_xlabel("falsk avvisning (besvarbare spørsmål)")
    ax.set_ylabel("avvisning (utenfor dokumentene)")
    ax.set_title("Besvarbarhet: avveiing (utenfor fold)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sets", nargs="+", default=list(SETS))
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "reports" / "answerability")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--check", nargs="*", default=list(CHECKS), help="held-out sets: judged, never fitted on")
    args = parser.parse_args()
    settings = Settings() if args.data_dir is None else Settings(data_dir=args.data_dir)
    assistant = Assistant(open_snapshot(settings), replace(ChainOptions(), answerability_check=False))
    rows = collect(assistant, args.sets)
    # the judge sees what the fixed rules let through: a refusal by a rule (plans only, another country) stands
    judged = [i for i, row in enumerate(rows) if row["signals"] is not None and not row["abstained"]]
    names = [f.name for f in fields(Signals)]
    x = np.asarray([[rows[i]["signals"][n] for n in names] for i in judged], dtype=float)
    y = np.asarray([int(rows[i]["out"]) for i in judged])
    if np.isnan(x).any():  # a signal not measured (dense index still building) counts as its average
        x = np.where(np.isnan(x), np.nanmean(x, 0), x)
    everything = list(range(len(names)))
    default = evaluate(rows, judged, x, y, everything)
    ablations = {name: evaluate(rows, judged, x, y, [c for c in everything if c != k]) for k, name in enumerate(names)}
    weights, bias, means, scales = fit(x.tolist(), y.tolist(), l2=L2, signs=SIGNS or None)
    MODEL_FILE.write_text(
        json.dumps(
            {
                "signals": names,
                "weights": weights,
                "bias": bias,
                "means": means,
                "scales": scales,
                "threshold": default["threshold"],
                "fitted_on": args.sets,
                "questions": len(rows),
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    before = rates(rows, [], np.zeros(0), 1.0)
    held_out = {
        name: check(assistant, name, names, (weights, bias, means, scales), default["threshold"])
        for name in args.check
        if name not in args.sets  # a set fitted on is not held out
    }
    args.out.mkdir(parents=True, exist_ok=True)
    plot(default["curve"], args.out / "tradeoff.png")
    lines = [
        "# Besvarbarhet: dommeren over det valgte svaret",
        "",
        f"{len(rows)} spørsmål ({', '.join(args.sets)}); {int(sum(r['out'] for r in rows))} utenfor dokumentene. "
        f"Tall utenfor fold ({FOLDS} folder × {REPEATS} gjentak), terskel valgt for falsk avvisning ≤ {MAX_FALSE_ABSTENTION}.",
        "",
        "| variant | avvisning | falsk avvisning | terskel |",
        "|---|---|---|---|",
        f"| uten dommeren (bare de faste reglene) | {before[0]:.3f} | {before[1]:.3f} | – |",
        f"| **med dommeren** | **{default['abstention']:.3f}** | **{default['false_abstention']:.3f}** | {default['threshold']:.2f} |",
    ]
    lines += [
        f"| uten `{name}` | {a['abstention']:.3f} | {a['false_abstention']:.3f} | {a['threshold']:.2f} |"
        for name, a in ablations.items()
    ]
    in_sample = rates(rows, judged, probabilities_of(x, (weights, bias, means, scales)), default["threshold"])
    lines += ["", "Per sett, utenfor fold (avvisning / falsk avvisning):", ""]
    lines += [f"- `{name}`: {a:.3f} / {f:.3f}" for name, (a, f) in default["per_set"].items()]
    lines += ["", f"Innenfor utvalget (modellen tilpasset alle): {in_sample[0]:.3f} / {in_sample[1]:.3f}."]
    for name, (n_out, n_answerable, abstention, false_abstention) in held_out.items():
        lines += [
            "",
            f"Holdt utenfor (`{name}`, aldri tilpasset på: {n_out} utenfor dokumentene, {n_answerable} besvarbare): "
            f"avvisning {abstention:.3f}, falsk avvisning {false_abstention:.3f} (modellen over, samme terskel).",
        ]
    lines += ["", "Vekter (standardiserte signaler, modell tilpasset alle spørsmål):", ""]
    lines += [f"- `{n}`: {w:+.2f}" for n, w in zip(names, weights)]
    lines += ["", "![avveiing](tradeoff.png)", ""]
    (args.out / "report.md").write_text("\n".join(lines), encoding="utf-8")
    (args.out / "report.json").write_text(
        json.dumps(
            {
                "default": {k: v for k, v in default.items() if k != "curve"},
                "curve": default["curve"],
                "without_judge": {"abstention": before[0], "false_abstention": before[1]},
                "ablations": {k: {m: v for m, v in a.items() if m != "curve"} for k, a in ablations.items()},
                "held_out": held_out,
                "per_set": default["per_set"],
                "in_sample": in_sample,
            },
            indent=1,
        ),
        encoding="utf-8",
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
