"""묶음 막대그래프: 출처(묶음)마다 여러 항목(막대)을 나란히, 지표마다 그림 한 칸(레슨 17의 토크나이저 비교).

축을 돌려주는 다른 그림 도우미(``layers``)와 달리 지표 여러 개를 한 그림에 그리므로 ``Figure``를 돌려줍니다.
"""

from __future__ import annotations

import numpy as np

from bertlab.plots.layers import COLOURS


def plot_grouped_bars(panels: dict[str, dict[str, dict[str, float]]], *, title: str = "",
                      percent: tuple[str, ...] = ()):
    """``panels``: {지표: {묶음(출처): {항목(토크나이저): 값}}} -> matplotlib ``Figure``.

    percent: 값을 백분율로 보여 줄 지표 이름들(값은 0~1 비율로 줍니다).
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 3.6), squeeze=False)
    for ax, (metric, groups) in zip(axes[0], panels.items()):
        items = list(dict.fromkeys(item for values in groups.values() for item in values))
        width = 0.8 / max(len(items), 1)
        scale = 100.0 if metric in percent else 1.0
        for index, item in enumerate(items):
            x = np.arange(len(groups)) + (index - (len(items) - 1) / 2) * width
            heights = [values.get(item, np.nan) * scale for values in groups.values()]
            ax.bar(x, heights, width, color=COLOURS[index % len(COLOURS)], label=item)
        ax.set_xticks(np.arange(len(groups)), list(groups))
        ax.set_title(metric + (" (%)" if metric in percent else ""), fontsize=10)
        ax.grid(axis="y", alpha=0.3)
    axes[0][0].legend(fontsize=8)
    if title:
        fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    return fig
