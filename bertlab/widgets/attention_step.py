"""레슨 05의 한 단계씩 보기 위젯: 헤드 하나에서 토큰 하나의 쿼리가 모든 키와 만나는 과정을 펼칩니다.

계산은 ``bertlab.attention.head_step``이 하고, 여기서는 슬라이더·선택 상자와 표만 연결합니다.
표의 마지막 줄은 손으로 섞은 값 벡터가 모델이 계산한 문맥 벡터와 같은지 확인합니다.
"""

from __future__ import annotations

import html

from bertlab.attention import HeadStep, LayerCapture, capture_layer, head_step
from bertlab.errors import BertlabError
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import ENTER_HINT, sentence_box

BAR_WIDTH = 160  # 확률 막대의 최대 너비(px)
SHOWN_DIMS = 6   # 값 벡터에서 보여 줄 앞쪽 성분 수


def _vector(values, dims: int = SHOWN_DIMS) -> str:
    shown = ", ".join(f"{v:+.3f}" for v in values[:dims].tolist())
    return f"[{shown}, …]" if len(values) > dims else f"[{shown}]"


def step_html(step: HeadStep, capture: LayerCapture | None = None, sentence: int = 0) -> str:
    """``head_step`` 결과를 표로: 키 토큰마다 q·k, ÷√d, softmax 확률(막대), 그리고 섞인 값."""
    size = step.query.shape[0]
    token = html.escape(step.tokens[step.token_index])
    rows = []
    best = int(step.weights.argmax())
    for j, key_token in enumerate(step.tokens):
        weight = step.weights[j].item()
        bold = "font-weight:bold;" if j == best else ""
        rows.append(
            f'<tr style="{bold}"><td>{j}</td><td>{html.escape(key_token)}</td>'
            f'<td style="color:#555">{_vector(step.keys[j], 3)}</td>'
            f'<td style="text-align:right">{step.scores[j].item():+.2f}</td>'
            f'<td style="text-align:right">{step.scaled[j].item():+.2f}</td>'
            f'<td style="text-align:right">{weight:.3f}</td>'
            f'<td><div style="background:#2563eb;height:10px;width:{weight * BAR_WIDTH:.1f}px"></div></td></tr>'
        )
    check = ""
    if capture is not None:
        cols = slice(step.head * size, (step.head + 1) * size)
        real = capture.attention_mask[sentence].bool()
        model_value = capture.context[sentence][real][step.token_index, cols]  # (d,)
        diff = (model_value - step.mixed).abs().max().item()
        mark = "✔ 같습니다" if diff <= 1e-5 else "✘ 다릅니다"
        check = (f"<div>모델이 계산한 문맥 벡터(이 헤드 부분): {_vector(model_value)} — {mark} "
                 f"(최대 차이 {diff:.1e})</div>")
    return (
        f"<div><b>쿼리 토큰 {step.token_index} '{token}'</b>, 헤드 {step.head} (헤드 크기 d = {size}, √d = {size ** 0.5:.2f})"
        f"<div>쿼리 벡터 q: {_vector(step.query)}</div>"
        f"<table style='border-collapse:collapse;font-size:12px;margin-top:4px'>"
        f"<tr><th>#</th><th>키 토큰</th><th>키 벡터 k (앞 3칸)</th><th>q·k</th><th>÷ √d</th><th>softmax</th><th></th></tr>"
        f"{''.join(rows)}</table>"
        f"<div>확률의 합: {step.weights.sum().item():.4f}</div>"
        f"<div>섞인 값 Σ 확률 × 값 벡터: {_vector(step.mixed)}</div>{check}</div>"
    )


def attention_step(loaded, text: str, layer: int = 0, head: int = 0, token: int = 1):
    """문장 입력 상자 + 층·헤드 슬라이더 + 쿼리 토큰 선택 + 단계별 표 위젯."""
    import ipywidgets as widgets

    model = loaded.model
    num_layers, num_heads = model.config.num_hidden_layers, model.config.num_attention_heads
    state: dict = {"captures": {}}
    text_box = sentence_box(text, "문장:")
    layer_slider = widgets.IntSlider(value=layer, min=0, max=num_layers - 1, description="층")
    head_slider = widgets.IntSlider(value=head, min=0, max=num_heads - 1, description="헤드")
    token_pick = widgets.Dropdown(description="쿼리 토큰")
    out = widgets.HTML()

    def capture(layer_index: int) -> LayerCapture:
        if layer_index not in state["captures"]:
            state["captures"][layer_index] = capture_layer(loaded, text_box.value, layer_index)
        return state["captures"][layer_index]

    def redraw(*_):
        if state.get("quiet"):
            return
        try:
            cap = capture(layer_slider.value)
            step = head_step(cap, head_slider.value, token_pick.value or 0)
            notices = "".join(f'<div style="color:#b45309">※ {html.escape(n)}</div>' for n in cap.notices)
            out.value = notices + step_html(step, cap)
        except BertlabError as exc:
            out.value = f'<div style="color:#b91c1c">{html.escape(str(exc))}</div>'

    def new_sentence(*_):
        state["captures"].clear()
        try:
            tokens = capture(layer_slider.value).tokens[0]
        except BertlabError as exc:
            out.value = f'<div style="color:#b91c1c">{html.escape(str(exc))}</div>'
            return
        keep = token_pick.value if token_pick.value is not None else token
        state["quiet"] = True  # 선택지를 바꾸는 동안 다시 그리지 않음
        try:
            token_pick.options = [(f"{i} {t}", i) for i, t in enumerate(tokens)]
            token_pick.value = min(max(keep, 0), len(tokens) - 1)
        finally:
            state["quiet"] = False
        redraw()

    text_box.observe(new_sentence, names="value")
    for control in (layer_slider, head_slider, token_pick):
        control.observe(redraw, names="value")
    new_sentence()
    return live_box([text_box, widgets.HBox([layer_slider, head_slider]), token_pick, out], hint=ENTER_HINT)
