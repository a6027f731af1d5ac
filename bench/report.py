"""Table (Markdown) and plot (latency vs concurrency) from a bench/run.sh run.

    .venv/bin/python -m bench.report bench/results/<date> [--docs]

Writes <dir>/table.md and <dir>/latency.png, prints the table. ``--docs``
also replaces docs/performance-latency.png (the plot of docs/performance.md):
a partial run (BENCH_LEVELS, BENCH_REPLICAS) must not overwrite it by chance.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLOT = ROOT / "docs" / "performance-latency.png"


def load(directory: Path):
    runs = []
    for path in sorted(directory.glob("r*-u*-*.json")):
        data = json.loads(path.read_text())
        replicas, users, mode = path.stem.split("-")
        data["replicas"] = int(replicas[1:])
        data["mode"] = mode
        runs.append(data)
    runs.sort(key=lambda r: (r["mode"] != "realistic", r["replicas"], r["users"]))
    return runs


def table(runs) -> str:
    lines = [
        "| Répliques | Régime | Conversations simultanées | Tours | p50 (ms) | p95 (ms) | p99 (ms) "
        "| Débit (tours/s) | Erreurs | Mélanges | RSS max Rasa (Mo) | RSS max actions (Mo) "
        "| RSS PostgreSQL / Redis / nginx (Mo) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in runs:
        rss = r.get("rss_mb_peak", {})
        rasa = "/".join(f"{v:.0f}" for k, v in sorted(rss.items()) if k.startswith("rasa"))
        actions = "/".join(f"{v:.0f}" for k, v in sorted(rss.items()) if k.startswith("actions"))
        others = " / ".join(f"{rss.get(k, 0):.0f}" for k in ("postgresql", "redis", "nginx"))
        lat = r["latency_ms"]
        mode = "réaliste (1–3 s)" if r["mode"] == "realistic" else "saturation"
        lines.append(
            f"| {r['replicas']} | {mode} | {r['users']} | {r['turns']} | {lat['p50']:.0f} | "
            f"{lat['p95']:.0f} | {lat['p99']:.0f} | {r['throughput_turns_per_s']:.1f} | "
            f"{r['errors']} | {r['crosstalk']} | {rasa} | {actions} | {others} |"
        )
    return "\n".join(lines)


def plot(runs, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    for ax, mode, title in zip(axes, ("realistic", "saturation"),
                               ("Usagers réalistes (1 à 3 s avant chaque message)",
                                "Saturation (sans pause)")):
        for replicas, colour in ((1, "tab:blue"), (2, "tab:orange")):
            points = [r for r in runs if r["mode"] == mode and r["replicas"] == replicas]
            if not points:
                continue
            xs = [r["users"] for r in points]
            ax.plot(xs, [r["latency_ms"]["p50"] for r in points], "o--", color=colour,
                    label=f"{replicas} réplique(s) p50")
            ax.plot(xs, [r["latency_ms"]["p95"] for r in points], "s-", color=colour,
                    label=f"{replicas} réplique(s) p95")
        ax.axhline(100, color="grey", linewidth=0.8, linestyle=":",
                   label="objectif : p95 ≤ 100 ms (10 conversations, 1 réplique)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("conversations simultanées")
        ax.set_title(title, fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("latence par tour (ms)")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--docs"]
    directory = Path(args[0])
    runs = load(directory)
    text = table(runs)
    (directory / "table.md").write_text(text + "\n")
    print(text)
    for name in ("machine-before.json", "machine-after.json"):
        if (directory / name).exists():
            print(name, (directory / name).read_text())
    plot(runs, directory / "latency.png")
    print(f"graphique : {directory / 'latency.png'}")
    if "--docs" in sys.argv[1:]:
        plot(runs, PLOT)
        print(f"graphique de docs/performance.md remplacé : {PLOT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
