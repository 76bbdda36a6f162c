"""Results: medians and ratios, the printed table, the JSON file, and the plot."""

from __future__ import annotations

import json
import math
import os
import platform
import re
import statistics
import time


def summarize(
    cases: list[dict], samples: dict[str, dict[str, list]], labels: list[str], ours: str
) -> list[dict]:
    """Per case and implementation: median of the rounds' values, or why there is none; and the
    ratio of ``ours`` against every other implementation (times as fast: >1 is better)."""
    out = []
    for c in cases:
        row = dict(c, results={}, ratios={})
        for label in labels:
            runs = samples[c["name"]][label]
            values = [r["value"] for r in runs if "value" in r]
            notes = sorted({r.get("na") or r.get("error") for r in runs if "value" not in r})
            row["results"][label] = dict(
                median=statistics.median(values) if values else None, samples=values, notes=notes
            )
        mine = row["results"][ours]["median"]
        for label in labels:
            theirs = row["results"][label]["median"]
            if label != ours and mine and theirs:
                row["ratios"][label] = mine / theirs if c["higher_is_better"] else theirs / mine
        out.append(row)
    return out


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit in ("us", "ms"):
        return f"{value:.1f} {unit}"
    for scale, suffix in ((1e6, "M"), (1e3, "k")):
        if value >= scale:
            return f"{value / scale:.3g}{suffix}"
    return f"{value:.3g}"


def cell(row: dict, label: str) -> str:
    r = row["results"].get(label)
    if r is None:
        return "-"
    if r["median"] is None:
        return r["notes"][0] if r["notes"] else "-"
    return fmt(r["median"], row["unit"])


def table(data: list[dict], ours: str, refs: list[str]) -> str:
    """Columns: case, ours, then per reference its value and ours' ratio against it."""
    head = ["case", "unit", ours]
    for ref in refs:
        head += [ref, f"{ours}/{ref}"]
    rows = [head]
    for row in data:
        line = [row["name"], row["unit"], cell(row, ours)]
        for ref in refs:
            ratio = row["ratios"].get(ref)
            line += [
                cell(row, ref) if row["raw"] or ref != "raw libzmq" else "",
                f"{ratio:.2f}" if ratio else "",
            ]
        rows.append(line)
    geo = ["geometric mean", "", ""]
    for ref in refs:
        ratios = [row["ratios"][ref] for row in data if ref in row["ratios"]]
        geo += ["", f"{math.exp(statistics.fmean(map(math.log, ratios))):.2f}" if ratios else ""]
    rows.append(geo)
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [
        "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths)))
        for r in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    return "\n".join(lines)


def machine() -> dict:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(
                (line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), ""
            )
    except OSError:
        pass
    return dict(platform=platform.platform(), cpu=cpu, cores=os.cpu_count())


def write(data: list[dict], meta: dict, results_dir: str) -> str:
    os.makedirs(results_dir, exist_ok=True)
    path = os.path.join(results_dir, time.strftime("%Y%m%d-%H%M%S") + ".json")
    with open(path, "w") as f:
        json.dump(dict(meta, cases=data), f, indent=1)
    return path


def plot(data: list[dict], labels: list[str], path: str) -> str | None:
    """msgs/s against message size (log-log), one panel per transport, every implementation."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    pattern = re.compile(r"pushpull (\w+) (\d+)(B|KiB|MiB) (copy|nocopy)$")
    scale = {"B": 1, "KiB": 1024, "MiB": 1 << 20}
    fig, axes = plt.subplots(1, 2, figsize=(12, 5), sharey=True)
    for ax, transport in zip(axes, ("inproc", "tcp")):
        for i, label in enumerate(labels):
            for mode, style in (("copy", "-"), ("nocopy", "--")):
                points = []
                for row in data:
                    m = pattern.match(row["name"])
                    median = row["results"][label]["median"]
                    if m and m[1] == transport and m[4] == mode and median:
                        points.append((int(m[2]) * scale[m[3]], median))
                if points:
                    xs, ys = zip(*sorted(points))
                    ax.plot(xs, ys, style, marker="o", color=f"C{i}", label=f"{label} {mode}")
        ax.set(
            xscale="log",
            yscale="log",
            title=f"PUSH/PULL {transport}",
            xlabel="message size (bytes)",
        )
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize="small")
    axes[0].set_ylabel("messages/s")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
