"""레슨 01의 그림: ELMo·GPT-1·BERT가 문맥을 보는 방향, 정적/문맥 유사도 행렬.

그림은 코드로 그리므로 문장을 바꿔 다시 그릴 수 있습니다. ``visible_context``는 그림의 바탕이 되는
"i번째 토큰의 표현을 만들 때 j번째 토큰을 쓸 수 있는가" 표를 0/1 행렬로 돌려줍니다(테스트가 직접 확인).
"""

from __future__ import annotations

import numpy as np

from bertlab.errors import InputError

KINDS = ("elmo-forward", "elmo-backward", "gpt", "bert")
EXAMPLE_TOKENS = ("나는", "배를", "타고", "섬에", "갔다")
COLORS = {"forward": "#2563eb", "backward": "#ea580c", "both": "#16a34a", "off": "#d1d5db", "target": "#fde68a"}


def visible_context(kind: str, n: int) -> np.ndarray:
    """(n, n) 0/1 행렬. [i, j] = 1이면 i번째 토큰의 표현에 j번째 토큰이 쓰입니다.

    elmo-forward: 왼쪽과 자기 자신(j ≤ i), elmo-backward: 오른쪽과 자기 자신(j ≥ i),
    gpt: 왼쪽과 자기 자신(j ≤ i), bert: 모든 토큰.
    """
    if kind not in KINDS:
        raise InputError(f"모델 종류는 {', '.join(KINDS)} 중 하나입니다. 받은 값: {kind!r}")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 64:
        raise InputError(f"토큰 수는 1에서 64 사이의 정수여야 합니다. 받은 값: {n!r}")
    ones = np.ones((n, n), dtype=int)
    if kind in ("elmo-forward", "gpt"):
        return np.tril(ones)
    if kind == "elmo-backward":
        return np.triu(ones)
    return ones


def _check_tokens(tokens, target: int) -> list[str]:
    tokens = [str(t) for t in tokens]
    if not 2 <= len(tokens) <= 8:
        raise InputError(f"그림에는 토큰 2~8개를 주세요. 지금은 {len(tokens)}개입니다.")
    if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target < len(tokens):
        raise InputError(f"target은 0부터 {len(tokens) - 1} 사이의 토큰 위치입니다. 받은 값: {target!r}")
    return tokens


def _token_row(ax, tokens, target, y, visible):
    for x, token in enumerate(tokens):
        face = COLORS["target"] if x == target else ("white" if visible[x] else "#f3f4f6")
        ax.text(x, y, token, ha="center", va="center", fontsize=12, color="black" if visible[x] else "#9ca3af",
                bbox=dict(boxstyle="round,pad=0.35", facecolor=face, edgecolor="#6b7280"))


def _arrow(ax, start, end, color, rad=0.0, style="-|>"):
    from matplotlib.patches import FancyArrowPatch

    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=14, color=color, lw=1.6,
                                 connectionstyle=f"arc3,rad={rad}", shrinkA=10, shrinkB=10))


def _panel(ax, title, caption):
    ax.set_title(title, loc="left", fontsize=13, fontweight="bold")
    ax.text(1.0, 1.02, caption, transform=ax.transAxes, ha="right", va="bottom", fontsize=10, color="#374151")
    ax.axis("off")


def draw_context_directions(tokens=EXAMPLE_TOKENS, target: int = 1):
    """ELMo·GPT-1·BERT가 target 토큰의 표현을 만들 때 어느 쪽 문맥을 쓰는지 세 줄로 그립니다."""
    import matplotlib.pyplot as plt

    tokens = _check_tokens(tokens, target)
    n = len(tokens)
    fig, axes = plt.subplots(3, 1, figsize=(1.6 * n + 2, 8.2))
    top = 2.1
    # ELMo: 정방향 LSTM(왼→오)과 역방향 LSTM(오→왼)이 따로 돌고, target 자리의 두 상태를 이어 붙입니다.
    ax = axes[0]
    _token_row(ax, tokens, target, 0, [True] * n)
    for x in range(n):
        ax.text(x, 0.85, "정", ha="center", va="center", fontsize=11, color=COLORS["forward"],
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor=COLORS["forward"]))
        ax.text(x, 1.45, "역", ha="center", va="center", fontsize=11, color=COLORS["backward"],
                bbox=dict(boxstyle="round,pad=0.2", facecolor="white", edgecolor=COLORS["backward"]))
        ax.plot([x, x], [0.25, 0.65], color="#9ca3af", lw=1)
    for x in range(target):
        _arrow(ax, (x, 0.85), (x + 1, 0.85), COLORS["forward"])
    for x in range(n - 1, target, -1):
        _arrow(ax, (x, 1.45), (x - 1, 1.45), COLORS["backward"])
    ax.text(target, top, f"[정 ; 역] 이어 붙인 '{tokens[target]}'의 표현", ha="center", va="center", fontsize=11,
            bbox=dict(boxstyle="round,pad=0.3", facecolor=COLORS["target"], edgecolor="#b45309"))
    _arrow(ax, (target, 1.45), (target, top), "#6b7280", style="-")
    ax.text(-0.6, 0.85, "정방향 LSTM", ha="right", va="center", fontsize=10, color=COLORS["forward"])
    ax.text(-0.6, 1.45, "역방향 LSTM", ha="right", va="center", fontsize=10, color=COLORS["backward"])
    _panel(ax, "ELMo (2018)", "왼쪽·오른쪽을 따로 읽고 마지막에 이어 붙임 — 얕은 양방향")
    # GPT-1: 왼쪽 토큰만 위로 올라갑니다(오른쪽은 가려져 있음).
    ax = axes[1]
    visible = [x <= target for x in range(n)]
    _token_row(ax, tokens, target, 0, visible)
    for x in range(n):
        if x <= target:
            _arrow(ax, (x, 0), (target, top), COLORS["forward"], rad=0.15 if x < target else 0.0)
        else:
            ax.text(x, 1.0, "×\n볼 수 없음", ha="center", va="center", fontsize=9, color="#9ca3af")
    ax.text(target, top, f"'{tokens[target]}'의 표현", ha="center", va="center", fontsize=11,
            bbox=dict(boxstyle="round,pad=0.3", facecolor=COLORS["target"], edgecolor="#b45309"))
    _panel(ax, "GPT-1 (2018)", "트랜스포머 디코더 12층, 왼쪽 문맥만 — 단방향")
    # BERT: 모든 토큰이 모든 층에서 함께 쓰입니다.
    ax = axes[2]
    _token_row(ax, tokens, target, 0, [True] * n)
    for x in range(n):
        rad = 0.0 if x == target else (0.15 if x < target else -0.15)
        _arrow(ax, (x, 0), (target, top), COLORS["both"], rad=rad)
    ax.text(target, top, f"'{tokens[target]}'의 표현", ha="center", va="center", fontsize=11,
            bbox=dict(boxstyle="round,pad=0.3", facecolor=COLORS["target"], edgecolor="#b45309"))
    _panel(ax, "BERT (2018)", "트랜스포머 인코더, 모든 층에서 양쪽을 함께 — 깊은 양방향")
    for ax in axes:
        ax.set_xlim(-2.2, n - 0.4)
        ax.set_ylim(-0.5, top + 0.5)
    fig.tight_layout()
    return fig


def draw_visibility(tokens=EXAMPLE_TOKENS):
    """세 모델의 '누가 누구를 보나' 행렬. 행 = 표현을 만드는 토큰, 열 = 쓰이는 토큰."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    tokens = _check_tokens(tokens, 0)
    n = len(tokens)
    forward, backward = visible_context("elmo-forward", n), visible_context("elmo-backward", n)
    elmo = forward + 2 * backward                 # 1: 정방향만, 2: 역방향만, 3: 둘 다(자기 자신)
    panels = [
        ("ELMo: 두 LSTM이 따로", elmo, ListedColormap(["white", COLORS["forward"], COLORS["backward"], "#7c3aed"]), 3),
        ("GPT-1: 왼쪽만", visible_context("gpt", n), ListedColormap(["white", COLORS["forward"]]), 1),
        ("BERT: 모두", visible_context("bert", n), ListedColormap(["white", COLORS["both"]]), 1),
    ]
    fig, axes = plt.subplots(1, 3, figsize=(13, 5.2))
    for ax, (title, matrix, cmap, vmax) in zip(axes, panels):
        ax.imshow(matrix, cmap=cmap, vmin=0, vmax=vmax)
        ax.set_xticks(range(n), tokens, rotation=45)
        ax.set_yticks(range(n), tokens)
        ax.set_xticks(np.arange(-0.5, n), minor=True)
        ax.set_yticks(np.arange(-0.5, n), minor=True)
        ax.grid(which="minor", color="#9ca3af", lw=0.5)
        ax.tick_params(which="minor", length=0)
        ax.set_title(title, fontsize=12, pad=10)
        ax.set_xlabel("쓰이는 토큰(문맥)")
    axes[0].set_ylabel("표현을 만드는 토큰", labelpad=8)
    fig.text(0.02, 0.01, "ELMo 색: 파랑 = 정방향 LSTM만, 주황 = 역방향 LSTM만, 보라 = 둘 다(자기 자신). "
             "두 LSTM은 서로의 계산을 보지 못합니다.", fontsize=9, color="#374151")
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig


def draw_similarity(comparison, labels=None):
    """``compare_contexts`` 결과를 정적/문맥 유사도 히트맵 두 장으로 그립니다."""
    import matplotlib.pyplot as plt

    n = len(comparison.items)
    labels = labels or [f"문장 {i + 1}" for i in range(n)]
    fig, axes = plt.subplots(1, 2, figsize=(4.2 * 2 + 1, 4.0))
    panels = [("정적 임베딩(입력 표)", comparison.static_similarity),
              (f"문맥 임베딩({comparison.layer}층 출력)", comparison.contextual_similarity)]
    for ax, (title, matrix) in zip(axes, panels):
        image = ax.imshow(matrix, vmin=min(0.5, float(matrix.min())), vmax=1.0, cmap="viridis")
        for i in range(n):
            for j in range(n):
                ax.text(j, i, f"{matrix[i, j]:.2f}", ha="center", va="center", fontsize=9,
                        color="white" if matrix[i, j] < 0.9 else "black")
        ax.set_xticks(range(n), labels, rotation=45)
        ax.set_yticks(range(n), labels)
        ax.set_title(title, fontsize=12)
        fig.colorbar(image, ax=ax, fraction=0.046)
    word = comparison.items[0].word
    fig.suptitle(f"'{word}'의 코사인 유사도: 문장끼리", fontsize=13)
    fig.tight_layout()
    return fig
