"""레슨 02의 구조·크기 탐색기: L, H, A, 어휘 크기, 최대 길이를 움직이면 부품별 파라미터 수와
CPU 추론 시간(32토큰)이 바로 바뀝니다.

계산은 ``bertlab.architecture.count_parameters``와 ``bertlab.architecture.latency.measure_latency``가 하고,
여기서는 슬라이더와 표만 연결합니다. 파라미터 수는 언제나 즉시 계산하고, 추론 시간은 작은 모델이면
바로, 큰 모델이면 버튼을 눌렀을 때 잽니다(한 번 잰 크기는 기억합니다).
"""

from __future__ import annotations

import html

from bertlab.architecture import BertSize, count_parameters, memory_megabytes
from bertlab.architecture import PRESETS
from bertlab.errors import BertlabError
from bertlab.architecture import (AUTO_MEASURE_PARAMETERS, DEFAULT_TOKENS, MAX_MEASURE_PARAMETERS, Latency,
                                  cached_latency, measure_latency)
from bertlab.widgets.reopen import live_box

COMPONENT_COLORS = {"임베딩 표": "#60a5fa", "셀프 어텐션": "#f59e0b", "피드포워드": "#10b981",
                    "층 정규화": "#a78bfa", "풀러": "#f472b6"}
VOCAB_CHOICES = [("30,522 (영어 BERT)", 30522), ("32,000 (KLUE-BERT)", 32000),
                 ("119,547 (다국어 BERT)", 119547), ("250,037 (multilingual-e5)", 250037)]
HIDDEN_CHOICES = list(range(64, 1025, 64))
FORMULA_STYLE = "opacity:0.75;font-family:monospace;font-size:90%"
BASE_TOTAL = count_parameters().total


def head_choices(hidden: int) -> list[int]:
    """H를 나누어떨어지게 하는 헤드 수(1~32)."""
    return [a for a in range(1, 33) if hidden % a == 0]


def latency_html(size: BertSize, latency: Latency | None, *, note: str = "") -> str:
    if latency is not None:
        text = f"⏱ {html.escape(latency.summary())}"
    elif count_parameters(size).total > MAX_MEASURE_PARAMETERS:
        text = (f"⏱ 파라미터가 {MAX_MEASURE_PARAMETERS / 1e6:.0f}M개를 넘어 이 노트북에서는 재지 않습니다"
                "(메모리 예산). 파라미터 수는 위처럼 계산됩니다.")
    else:
        text = "⏱ 아직 재지 않았습니다. <b>추론 시간 재기</b> 버튼을 누르세요(큰 모델은 몇 초 걸립니다)."
    extra = f"<br><span style='color:#b45309'>{html.escape(note)}</span>" if note else ""
    return f"<div style='margin-top:4px'>{text}{extra}</div>"


def report_html(size: BertSize, latency: Latency | None = None, *, note: str = "") -> str:
    """부품별 파라미터 표 + 막대 + 합계 + 추론 시간을 한 HTML로."""
    count = count_parameters(size)
    total = count.total
    formulas = count.formulas()
    rows, bar = [], []
    for name, value in count.components().items():
        share = value / total
        color = COMPONENT_COLORS[name]
        rows.append(f"<tr><td><span style='color:{color}'>■</span> {name}</td>"
                    f"<td style='text-align:right'>{value:,}</td><td style='text-align:right'>{share:.1%}</td>"
                    f"<td style='{FORMULA_STYLE}'>{html.escape(formulas[name])}</td></tr>")
        bar.append(f"<div title='{name} {share:.1%}' style='width:{share * 100:.2f}%;background:{color}'></div>")
    ratio = total / BASE_TOTAL
    return (
        f"<div style='font-family:sans-serif'><b>{size.label()}</b>, 어휘 {size.vocab:,}, 최대 길이 "
        f"{size.max_positions}, 피드포워드 {size.ffn:,}, 헤드당 {size.head_dim}차원"
        f"<div style='display:flex;height:14px;margin:6px 0;border:1px solid #9ca3af'>{''.join(bar)}</div>"
        f"<table><thead><tr><th>부품</th><th>파라미터</th><th>비율</th><th>식</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"<b>합계 {total:,}개</b> (약 {total / 1e6:,.1f}M, BERT-Base의 {ratio:.2f}배, "
        f"float32로 {memory_megabytes(total):,.0f} MB)"
        f"{latency_html(size, latency, note=note)}</div>"
    )


def size_explorer(initial: str = "BERT-Base"):
    """슬라이더 위젯. 프리셋 버튼(Tiny~Large)으로 대표 크기를 바로 불러올 수 있습니다."""
    import ipywidgets as widgets

    start = PRESETS.get(initial, BertSize())
    layers = widgets.IntSlider(value=start.layers, min=1, max=24, description="층 수 L", continuous_update=False)
    hidden = widgets.SelectionSlider(options=HIDDEN_CHOICES, value=start.hidden, description="은닉 H",
                                     continuous_update=False)
    heads = widgets.Dropdown(options=head_choices(start.hidden), value=start.heads, description="헤드 A")
    vocab = widgets.Dropdown(options=VOCAB_CHOICES, value=start.vocab if start.vocab in dict(VOCAB_CHOICES).values()
                             else 30522, description="어휘 크기")
    max_len = widgets.Dropdown(options=[128, 256, 512, 1024], value=start.max_positions, description="최대 길이")
    presets = widgets.ToggleButtons(options=list(PRESETS), value=initial if initial in PRESETS else None,
                                    description="프리셋")
    measure = widgets.Button(description="추론 시간 재기", icon="clock")
    out = widgets.HTML()
    silent = {"on": False}          # 코드가 값을 바꾸는 동안에는 표를 다시 그리지 않습니다.

    def current() -> BertSize:
        return BertSize(layers.value, hidden.value, heads.value, vocab.value, max_len.value)

    def refresh(*_, note: str = "") -> None:
        try:
            size = current()
        except BertlabError as exc:
            out.value = f"<div style='color:#b91c1c'>{html.escape(str(exc))}</div>"
            return
        latency = cached_latency(size, DEFAULT_TOKENS)
        if latency is None and count_parameters(size).total <= AUTO_MEASURE_PARAMETERS:
            latency = measure_latency(size, DEFAULT_TOKENS)
        out.value = report_html(size, latency, note=note)

    def on_hidden(change) -> None:
        choices = head_choices(change["new"])
        preferred = change["new"] // 64 if change["new"] // 64 in choices else choices[len(choices) // 2]
        previous = heads.value                  # options를 바꾸면 value가 첫 선택지로 돌아가므로 먼저 기억합니다.
        silent["on"], restore = True, silent["on"]
        heads.options = choices
        heads.value = previous if previous in choices else preferred
        silent["on"] = restore
        if not silent["on"]:
            silent["on"] = True
            presets.value = None
            silent["on"] = False
            refresh()

    def on_preset(change) -> None:
        if change["new"] is None:
            return
        size = PRESETS[change["new"]]
        silent["on"] = True
        layers.value, hidden.value = size.layers, size.hidden
        heads.options = head_choices(size.hidden)
        heads.value = size.heads
        silent["on"] = False
        refresh()

    def on_measure(_) -> None:
        out.value = report_html(current(), None, note="재는 중입니다…")
        try:
            out.value = report_html(current(), measure_latency(current(), DEFAULT_TOKENS))
        except BertlabError as exc:
            refresh(note=str(exc))

    def on_change(_) -> None:
        if not silent["on"]:
            silent["on"] = True
            presets.value = None                # 손으로 바꾸면 프리셋 표시를 끕니다.
            silent["on"] = False
            refresh()

    layers.observe(on_change, names="value")
    heads.observe(on_change, names="value")
    vocab.observe(on_change, names="value")
    max_len.observe(on_change, names="value")
    hidden.observe(on_hidden, names="value")
    presets.observe(on_preset, names="value")
    measure.on_click(on_measure)
    refresh()
    return live_box([presets, widgets.HBox([layers, hidden, heads]), widgets.HBox([vocab, max_len, measure]), out])
