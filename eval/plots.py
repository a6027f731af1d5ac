"""Images of docs/quality.md (matplotlib, Agg backend, PNG)."""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List, Optional, Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

OURS, BASELINE = "#235c3b", "#9a9a9a"


def confusion_matrix(labels: Sequence[str], rows: Sequence[Sequence[int]], path: Path,
                     title: str) -> Path:
    """Row-normalised heatmap (share of each gold intent), counts written in
    the cells that are not empty."""
    n = len(labels)
    shares = []
    for row in rows:
        total = sum(row)
        shares.append([c / total if total else 0.0 for c in row])
    size = max(6.0, 0.36 * n + 2.5)
    fig, ax = plt.subplots(figsize=(size + 1.5, size))
    image = ax.imshow(shares, cmap="Greens", vmin=0, vmax=1)
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xticklabels(labels, rotation=90, fontsize=8)
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlabel("intention prédite")
    ax.set_ylabel("intention attendue")
    ax.set_title(title)
    for i, row in enumerate(rows):
        for j, count in enumerate(row):
            if count:
                ax.text(j, i, str(count), ha="center", va="center", fontsize=6.5,
                        color="white" if shares[i][j] > 0.5 else ("#b00020" if i != j else "black"))
    fig.colorbar(image, ax=ax, fraction=0.04, label="part des exemples de l'intention attendue")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def per_label_f1(series: Dict[str, Dict[str, float]], path: Path, title: str,
                 target: Optional[float] = None) -> Path:
    """Horizontal bars of the F1 of each label; ``series`` maps a legend name
    to {label: f1}. Labels sorted by the first series' F1."""
    names = list(series)
    first = series[names[0]]
    labels = sorted(first, key=lambda label: (first[label], label))
    height = 0.8 / len(names)
    fig, ax = plt.subplots(figsize=(8, max(4.0, 0.2 * len(labels) * len(names) + 1.5)))
    colors = [OURS, BASELINE, "#c77c02"]
    for k, name in enumerate(names):
        ax.barh([i + k * height for i in range(len(labels))],
                [series[name].get(label, 0.0) for label in labels],
                height=height, color=colors[k % len(colors)], label=name)
    ax.set_yticks([i + height * (len(names) - 1) / 2 for i in range(len(labels))])
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("F1")
    if target:
        ax.axvline(target, color="#b00020", linestyle="--", linewidth=1, label=f"objectif {target}")
    ax.set_title(title)
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def side_by_side(panels: List[Dict], path: Path, title: str) -> Path:
    """Small panels, each comparing ours and the baseline on one measure:
    ``{"title": ..., "unit": ..., "ours": x, "baseline": y}``."""
    panels = [p for p in panels if p.get("ours") is not None and p.get("baseline") is not None]
    fig, axes = plt.subplots(1, max(1, len(panels)), figsize=(2.6 * max(1, len(panels)), 3.2))
    axes = axes if len(panels) > 1 else [axes]
    for ax, panel in zip(axes, panels):
        values = [panel["ours"], panel["baseline"]]
        bars = ax.bar(["nôtre", "référence"], values, color=[OURS, BASELINE])
        ax.set_title(panel["title"], fontsize=9)
        ax.set_ylabel(panel.get("unit", ""), fontsize=8)
        ax.tick_params(labelsize=8)
        for bar, value in zip(bars, values):
            ax.annotate(panel.get("fmt", "{:.3g}").format(value),
                        (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                        ha="center", va="bottom", fontsize=8)
        ax.set_ylim(0, max(values) * 1.18 or 1)
    fig.suptitle(title, fontsize=10)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
