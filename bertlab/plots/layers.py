"""층마다 잰 값을 그리는 작은 그림 도우미(레슨 09의 뜻 분리 곡선·PCA, 레슨 10의 층별 정확도).

모두 matplotlib 축(``ax``)을 받아 그 위에 그리고 축을 돌려줍니다. 한글 글꼴은 ``bertlab.plots``가 맡습니다.
"""

from __future__ import annotations

import numpy as np

import bertlab.plots  # noqa: F401  (한글 글꼴 등록)

COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#a16207", "#db2777"]


def plot_layer_curves(ax, curves: dict, *, ylabel: str, title: str = "", references: dict | None = None,
                      ylim: tuple | None = None):
    """``curves``: {이름: 층별 값 (L+1,)}. x축은 층(0 = 임베딩 층). ``references``: {이름: 가로선 값}."""
    for index, (name, values) in enumerate(curves.items()):
        values = np.asarray(values, dtype=float)
        ax.plot(range(len(values)), values, marker="o", ms=4, color=COLOURS[index % len(COLOURS)], label=name)
    for index, (name, value) in enumerate((references or {}).items()):
        ax.axhline(value, ls="--", lw=1, color="#6b7280" if index == 0 else "#9ca3af", label=name)
    longest = max((len(v) for v in curves.values()), default=1)
    ax.set_xticks(range(longest))
    ax.set_xlabel("층 (0 = 임베딩 층)")
    ax.set_ylabel(ylabel)
    if ylim:
        ax.set_ylim(*ylim)
    if title:
        ax.set_title(title, fontsize=11)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return ax


def plot_projection(ax, coords: np.ndarray, labels, *, title: str = "", annotate=None):
    """2차원 좌표 (N, 2)를 레이블(뜻)별 색으로 찍습니다. ``annotate``: 점마다 붙일 짧은 글자(선택)."""
    labels = list(labels)
    for index, label in enumerate(dict.fromkeys(labels)):
        rows = [i for i, lab in enumerate(labels) if lab == label]
        ax.scatter(coords[rows, 0], coords[rows, 1], s=40, color=COLOURS[index % len(COLOURS)], label=label,
                   alpha=0.85)
    for i, text in enumerate(annotate or []):
        ax.annotate(text, coords[i], textcoords="offset points", xytext=(3, 3), fontsize=7)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)
    ax.margins(0.12)
    # 범례는 그림 밖(아래)에: 0층처럼 점이 한곳에 몰리면 그림 안의 범례가 점을 가립니다.
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=min(len(set(labels)), 4),
              frameon=False, handletextpad=0.2, columnspacing=0.8)
    return ax
