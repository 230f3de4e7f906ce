"""레슨 04의 임베딩 합 탐색기: 문장(쌍)을 고르면 위치마다 토큰·위치·세그먼트 임베딩과 그 합이 보입니다.

계산은 ``bertlab.embeddings.embedding_breakdown``이 하고, 여기서는 입력 상자와 그림만 연결합니다.
"""

from __future__ import annotations

import html

from bertlab.embeddings import Breakdown, embedding_breakdown
from bertlab.errors import BertlabError
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import ENTER_HINT, sentence_box

EXAMPLES = {
    "I love Paris (한 문장)": ("I love Paris", ""),
    "BERT 논문 그림 2 (문장 쌍)": ("my dog is cute", "he likes playing"),
    "은행 두 문장 (문장 쌍)": ("I went to the bank.", "I deposited some money."),
    "같은 단어, 다른 위치": ("the cat saw the dog", ""),
    "질문과 답 (문장 쌍)": ("Where is the Eiffel Tower?", "It is in Paris."),
}
PARTS = ("토큰", "위치", "세그먼트", "합", "LayerNorm 뒤")


def draw_breakdown(breakdown: Breakdown, dims: int = 24):
    """왼쪽: 구성 요소마다 앞 ``dims``개 차원의 열지도(가로: 위치, 세로: 차원). 오른쪽: 위치별 벡터 길이."""
    import matplotlib.pyplot as plt

    import bertlab.plots  # noqa: F401  (한글 글꼴)

    parts = dict(zip(PARTS, (breakdown.token, breakdown.position, breakdown.segment, breakdown.summed,
                             breakdown.normalized)))
    labels = [f"{t}\n({s})" for t, s in zip(breakdown.tokens, breakdown.token_type_ids)]
    width = min(4 + 0.55 * len(labels), 18)
    fig = plt.figure(figsize=(width + 4, 7.5), layout="constrained")
    grid = fig.add_gridspec(len(parts), 2, width_ratios=[width, 4])
    raw_limit = float(max(parts[p][:, :dims].abs().max() for p in PARTS[:4]))
    for row, (name, value) in enumerate(parts.items()):
        ax = fig.add_subplot(grid[row, 0])
        limit = raw_limit if row < 4 else float(value[:, :dims].abs().max())
        image = ax.imshow(value[:, :dims].T.numpy(), aspect="auto", cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_ylabel(name, rotation=0, ha="right", va="center")
        ax.set_yticks([])
        ax.set_xticks(range(len(labels)), labels if row == len(parts) - 1 else [""] * len(labels), fontsize=8)
        fig.colorbar(image, ax=ax, pad=0.01, fraction=0.02)
    norm_ax = fig.add_subplot(grid[:, 1])
    for name, values in list(breakdown.norms().items())[:4]:   # LayerNorm 뒤는 눈금이 달라 왼쪽 그림에만
        norm_ax.plot(range(len(values)), values, marker="o", markersize=3, label=name)
    norm_ax.set_title("LayerNorm 전 위치별 벡터 길이(L2 노름)", fontsize=10)
    norm_ax.set_xlabel("위치")
    norm_ax.legend(fontsize=8)
    fig.suptitle(f"입력 임베딩: 토큰 + 위치 + 세그먼트의 합, 그리고 LayerNorm (앞 {dims}개 차원, 괄호 안은 세그먼트 번호)")
    return fig


def breakdown_table_html(breakdown: Breakdown) -> str:
    """위치마다 토큰, input_ids, token_type_ids, attention_mask를 한 표로."""
    cells = lambda values: "".join(f"<td>{html.escape(str(v))}</td>" for v in values)  # noqa: E731
    rows = [("위치", range(len(breakdown.tokens))), ("토큰", breakdown.tokens), ("input_ids", breakdown.input_ids),
            ("token_type_ids", breakdown.token_type_ids), ("attention_mask", breakdown.attention_mask)]
    body = "".join(f"<tr><th>{name}</th>{cells(values)}</tr>" for name, values in rows)
    notices = "".join(f'<div style="color:#b45309">※ {html.escape(n)}</div>' for n in breakdown.notices)
    return f'<div style="overflow-x:auto"><table style="font-family:monospace">{body}</table></div>{notices}'


def embedding_sum_explorer(loaded, examples: dict | None = None):
    """예문 고르기 + 문장 A/B 입력 + 패딩 길이 -> 입력 표와 세 임베딩 그림."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import HTML, display

    examples = examples or EXAMPLES
    first_a, first_b = next(iter(examples.values()))
    choice = widgets.Dropdown(options=list(examples), description="예문:")
    text_a = sentence_box(first_a, "문장 A:")
    text_b = sentence_box(first_b, "문장 B:", placeholder="비우면 한 문장 입력")
    pad_to = widgets.IntSlider(value=0, min=0, max=32, description="패딩 길이:", continuous_update=False)
    out = widgets.Output()
    picking = {"now": False}

    def refresh(_=None):
        if picking["now"]:
            return
        with out:
            out.clear_output(wait=True)
            try:
                breakdown = embedding_breakdown(loaded, text_a.value, text_b.value or None,
                                                max_length=pad_to.value or None, pad=pad_to.value > 0)
            except BertlabError as exc:
                display(HTML(f'<div style="color:#b91c1c">{html.escape(str(exc))}</div>'))
                return
            display(HTML(breakdown_table_html(breakdown)))
            fig = draw_breakdown(breakdown)
            plt.show()
            plt.close(fig)

    def pick(change):
        picking["now"] = True          # 두 상자를 바꾸는 동안 그림을 두 번 그리지 않도록
        text_a.value, text_b.value = examples[change["new"]]
        picking["now"] = False
        refresh()

    choice.observe(pick, names="value")
    for control in (text_a, text_b, pad_to):
        control.observe(refresh, names="value")
    refresh()
    return live_box([choice, text_a, text_b, pad_to, out], hint=ENTER_HINT)
