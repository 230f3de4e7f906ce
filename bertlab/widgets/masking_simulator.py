"""레슨 07의 마스킹 시뮬레이터: 문장(또는 말뭉치 표본)을 15%·80/10/10 규칙으로 여러 번 마스킹하고,
한 번 뽑은 모습과 모든 뽑기를 합친 비율을 BERT 논문의 그림(12 / 1.5 / 1.5 / 85)과 나란히 보여 줍니다.

계산은 ``bertlab.pretraining.masking_simulation.simulate_masking``이 하고, 여기서는 슬라이더·버튼과 HTML 그림만 연결합니다.
그림은 matplotlib 대신 HTML 막대로 그려서 슬라이더를 움직일 때마다 바로(수 ms) 바뀝니다.
응답 시간은 ``python -m bertlab bench --only masking_simulator``로 잽니다.
"""

from __future__ import annotations

import html

from bertlab.errors import BertlabError
from bertlab.pretraining import KIND_LABELS, SEED_SHARES, MaskingSimulation, simulate_masking
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import ENTER_HINT, sentence_box

COLORS = {"mask": "#2563eb", "random": "#f59e0b", "kept": "#16a34a", "untouched": "#d1d5db", "special": "#9ca3af"}
ORDER = ("mask", "random", "kept", "untouched")
BAR_PX = 520  # 100% 막대 너비
CELL = "text-align:right;padding:0 10px"


def _token_html(original: str, shown: str, kind: str) -> str:
    style = "display:inline-block;margin:2px;padding:1px 5px;border-radius:4px;font-family:monospace;"
    if kind == "special":
        return f'<span style="{style}background:#f3f4f6;color:#6b7280">{html.escape(shown)}</span>'
    if kind == "untouched":
        return f'<span style="{style}background:#fff;border:1px solid #e5e7eb">{html.escape(shown)}</span>'
    title = f"원래 토큰 '{original}' → 입력 '{shown}' ({KIND_LABELS[kind]}). 정답 레이블: '{original}'"
    extra = f' <s style="opacity:.7">{html.escape(original)}</s>' if kind == "random" else ""
    return (f'<span title="{html.escape(title)}" style="{style}background:{COLORS[kind]};color:#fff">'
            f'{html.escape(shown)}{extra}</span>')


def _stacked_bar(label: str, shares: dict) -> str:
    segments = "".join(
        f'<div title="{html.escape(KIND_LABELS[k])} {shares[k]:.2%}" style="width:{shares[k] * BAR_PX:.1f}px;'
        f'height:18px;background:{COLORS[k]}"></div>' for k in ORDER)
    return (f'<div style="display:flex;align-items:center;margin:2px 0">'
            f'<div style="width:190px">{html.escape(label)}</div>'
            f'<div style="display:flex;border:1px solid #9ca3af">{segments}</div></div>')


def _table(sim: MaskingSimulation) -> str:
    chosen = sum(sim.shares[k] for k in ("mask", "random", "kept"))
    rows = []
    for kind in ORDER:
        within = f"{sim.shares[kind] / chosen:.1%}" if kind != "untouched" and chosen else ""
        rows.append(f'<tr><td><span style="color:{COLORS[kind]}">■</span> {KIND_LABELS[kind]}</td>'
                    f'<td style="{CELL}">{sim.counts[kind]:,}</td>'
                    f'<td style="{CELL}"><b>{sim.shares[kind]:.2%}</b></td>'
                    f'<td style="{CELL}">{sim.expected[kind]:.2%}</td>'
                    f'<td style="{CELL}">{SEED_SHARES[kind]:.1%}</td>'
                    f'<td style="{CELL};color:#6b7280">{within}</td></tr>')
    return ('<table style="border-collapse:collapse;font-size:13px;margin-top:6px">'
            "<tr><th></th><th style='padding:0 10px'>개수</th><th style='padding:0 10px'>잰 비율</th>"
            "<th style='padding:0 10px'>지금 설정의 기대값</th><th style='padding:0 10px'>논문 그림</th>"
            "<th style='padding:0 10px'>고른 것 중</th></tr>" + "".join(rows) + "</table>")


def simulation_html(sim: MaskingSimulation) -> str:
    """시뮬레이션 결과 -> HTML: 첫 번째 뽑기의 토큰, 누적 비율 막대(논문 그림과 비교), 표."""
    tokens = "".join(_token_html(o, m, k) for o, m, k in zip(sim.example_tokens, sim.example_masked, sim.example_kinds))
    legend = " ".join(f'<span style="color:{COLORS[k]}">■</span> {KIND_LABELS[k]}' for k in ORDER)
    notices = "".join(f'<div style="color:#b45309">※ {html.escape(n)}</div>' for n in sim.notices)
    return (f"{notices}<div><b>한 번 뽑은 모습</b> (색칠한 토큰이 예측 대상, 마우스를 올리면 원래 토큰):</div>"
            f"<div>{tokens}</div>"
            f'<div style="margin-top:8px"><b>{sim.draws:,}번 다시 뽑아 합친 비율</b> '
            f'(한 번에 토큰 {sim.tokens_per_draw:,}개, 모두 {sim.measured_tokens:,}개, 특수 토큰 제외)</div>'
            + _stacked_bar("이번 시뮬레이션", sim.shares) + _stacked_bar("지금 설정의 기대값", sim.expected)
            + _stacked_bar("논문 그림(15%, 80/10/10)", SEED_SHARES)
            + '<div style="margin-top:6px">고른 토큰만 확대해서 보면(고른 것 = 100%):</div>'
            + _stacked_bar("이번 시뮬레이션", _within(sim.shares)) + _stacked_bar("지금 설정의 기대값", _within(sim.expected))
            + _stacked_bar("논문 그림(80/10/10)", _within(SEED_SHARES))
            + f'<div style="font-size:90%">{legend}</div>' + _table(sim))


def _within(shares: dict) -> dict:
    """비-특수 토큰 대비 비율 -> 고른 토큰 대비 비율(고르지 않음은 0)."""
    chosen = sum(shares[k] for k in ORDER[:3])
    return {k: (shares[k] / chosen if chosen else 0.0) if k != "untouched" else 0.0 for k in ORDER}


def simulator_html(texts, tokenizer, mlm_probability: float = 0.15, mask_ratio: float = 0.8,
                   random_ratio: float = 0.1, seed: int = 0) -> str:
    """시뮬레이터 한 번 갱신의 전체 계산(벤치마크가 재는 것). 잘못된 입력은 한국어 안내로."""
    try:
        sim = simulate_masking(texts, tokenizer, mlm_probability, mask_ratio, random_ratio, seed=seed)
    except BertlabError as exc:
        return f'<div style="color:#b91c1c">{html.escape(str(exc))}</div>'
    return simulation_html(sim)


def masking_simulator(tokenizer, initial: str = "나는 어제 친구와 영화를 보고 맛있는 저녁을 먹었다.",
                      corpus: list[str] | None = None):
    """문장 상자 + (말뭉치 표본 사용) + 선택 확률·[MASK]·무작위 비율 슬라이더 + 다시 뽑기 버튼."""
    import ipywidgets as widgets

    box = sentence_box(initial, "문장:")
    use_corpus = widgets.Checkbox(value=False, description=f"말뭉치 표본 쓰기({len(corpus or []):,}문장)",
                                  indent=False, disabled=not corpus)
    p_slider = widgets.FloatSlider(value=0.15, min=0.0, max=0.5, step=0.01, description="선택 확률",
                                   readout_format=".0%", continuous_update=False)
    mask_slider = widgets.FloatSlider(value=0.8, min=0.0, max=1.0, step=0.05, description="[MASK] 몫",
                                      readout_format=".0%", continuous_update=False)
    random_slider = widgets.FloatSlider(value=0.1, min=0.0, max=1.0, step=0.05, description="무작위 몫",
                                        readout_format=".0%", continuous_update=False)
    kept_label = widgets.HTML()
    resample = widgets.Button(description="다시 뽑기", icon="refresh")
    reset = widgets.Button(description="BERT 기본값")
    out = widgets.HTML()
    state = {"seed": 0}

    def refresh(_=None):
        kept = 1.0 - mask_slider.value - random_slider.value
        kept_label.value = f"그대로 몫: <b>{kept:.0%}</b>" if kept >= -1e-9 else "그대로 몫: <b style='color:#b91c1c'>음수</b>"
        texts = corpus if (use_corpus.value and corpus) else box.value
        out.value = simulator_html(texts, tokenizer, p_slider.value, mask_slider.value, random_slider.value,
                                   seed=state["seed"])

    def on_resample(_):
        state["seed"] += 1
        refresh()

    def on_reset(_):
        p_slider.value, mask_slider.value, random_slider.value = 0.15, 0.8, 0.1

    for control in (box, use_corpus, p_slider, mask_slider, random_slider):
        control.observe(refresh, names="value")
    resample.on_click(on_resample)
    reset.on_click(on_reset)
    refresh()
    return live_box([box, use_corpus, widgets.HBox([p_slider, mask_slider, random_slider]),
                     widgets.HBox([kept_label, resample, reset]), out], hint=ENTER_HINT)


def example_table_html(example: dict, predictions: dict | None = None) -> str:
    """``bertlab.pretraining.masking_simulation.my_dog_example`` 결과를 표로: 위치, 원래 토큰, 모델 입력, 레이블, 경우(, 모델 예측)."""
    case_of = dict(example["cases"])
    head = "<tr><th>위치</th><th>원래 토큰</th><th>모델 입력</th><th>레이블</th><th>경우</th>"
    head += "<th>모델의 상위 3개</th></tr>" if predictions else "</tr>"
    rows = []
    for i, (token, shown, label) in enumerate(zip(example["tokens"], example["masked"], example["labels"])):
        kind = case_of.get(i)
        color = f"background:{COLORS[kind]};color:#fff;" if kind else ""
        cells = [str(i), html.escape(token), f'<span style="{color}padding:0 4px">{html.escape(shown)}</span>',
                 html.escape(label) if label is not None else '<span style="color:#9ca3af">-100</span>',
                 KIND_LABELS[kind] if kind else ""]
        if predictions:
            tops = predictions.get(i)
            cells.append(", ".join(f"{html.escape(t)} {p:.0%}" for t, p in tops[:3]) if tops else "")
        rows.append("<tr>" + "".join(f'<td style="padding:1px 8px">{c}</td>' for c in cells) + "</tr>")
    return f'<table style="border-collapse:collapse;font-size:13px">{head}{"".join(rows)}</table>'


def share_comparison_figure(results: dict, title: str = "마스킹 비율 비교"):
    """{이름: 비율 사전}을 묶은 막대그래프로(선택한 토큰 세 몫은 확대해서 왼쪽, 고르지 않음은 오른쪽)."""
    import matplotlib.pyplot as plt

    import bertlab.plots  # noqa: F401  (한글 글꼴)

    fig, (left, right) = plt.subplots(1, 2, figsize=(8.5, 3), gridspec_kw={"width_ratios": [3, 1]})
    names = list(results)
    width = 0.8 / len(names)
    for index, name in enumerate(names):
        shares = results[name]
        xs = [k + (index - (len(names) - 1) / 2) * width for k in range(3)]
        bars = left.bar(xs, [100 * shares[k] for k in ORDER[:3]], width, label=name)
        left.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
        bars = right.bar([index], [100 * shares["untouched"]], 0.8, label=name)
        right.bar_label(bars, fmt="%.2f", fontsize=7, padding=1)
    left.set_xticks(range(3), [KIND_LABELS[k] for k in ORDER[:3]])
    left.set_ylabel("전체 토큰 중 %")
    left.legend(fontsize=8)
    right.set_xticks([])
    right.set_title(KIND_LABELS["untouched"] + "(세로축 80~90%)", fontsize=9)
    right.set_ylim(80, 90)
    left.set_ylim(0, 14)
    fig.suptitle(title)
    fig.tight_layout()
    return fig
