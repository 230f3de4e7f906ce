"""레슨 10의 특징 탐색기: 풀링과 층을 고르면 얼린 특징 분류기의 정확도가 바뀌고, 내 문장의 긍정 확률도
그 선택으로 다시 계산됩니다.

계산은 ``bertlab.embeddings.FeatureProbe``가 하고(선택마다 한 번만 학습), 여기서는 입력과 HTML 한 장만 연결합니다.
"""

from __future__ import annotations

import html

from bertlab.embeddings import POOLING_NAMES, ChoiceReport, FeatureProbe
from bertlab.errors import BertlabError
from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import ENTER_HINT, sentence_box

DEFAULT_SENTENCE = "기대가 컸는데 생각보다 별로였다."


def _bar(value: float, colour: str) -> str:
    return (f"<span style='display:inline-block;width:160px;height:10px;background:#e5e7eb;vertical-align:middle'>"
            f"<span style='display:block;width:{value * 100:.1f}%;height:100%;background:{colour}'></span></span>")


def report_html(report: ChoiceReport, best: tuple[str, int] | None = None) -> str:
    """선택 하나의 결과를 표 한 장으로."""
    name = POOLING_NAMES.get(report.pooling, report.pooling)
    rows = []
    if report.cv_accuracy is not None:
        rows.append(("교차 검증 정확도(훈련 세트 안)", report.cv_accuracy, "#2563eb"))
    rows += [("훈련 정확도", report.train_accuracy, "#9ca3af"), ("평가 정확도(참고)", report.test_accuracy, "#16a34a")]
    body = "".join(f"<tr><td>{label}</td><td>{_bar(value, colour)}</td><td style='text-align:right'>{value:.2f}</td></tr>"
                   for label, value, colour in rows)
    parts = [f"<div style='font-family:sans-serif'><b>{report.layer}층 · {html.escape(name)}</b>",
             f"<table style='margin-top:4px'>{body}</table>"]
    if best is not None:
        parts.append(f"<div style='color:#555'>교차 검증으로 고른 최선: {best[1]}층 "
                     f"{html.escape(POOLING_NAMES.get(best[0], best[0]))}</div>")
    if report.positive_probability is not None:
        p = report.positive_probability
        verdict = "긍정" if p >= 0.5 else "부정"
        parts.append(f"<div style='margin-top:6px'>내 문장: <b>{verdict}</b> (긍정 확률 {p:.2f}) "
                     f"{_bar(p, '#dc2626' if p < 0.5 else '#2563eb')}</div>")
    if report.note:
        parts.append(f"<div style='color:#b45309'>{html.escape(report.note)}</div>")
    return "".join(parts) + "</div>"


def _best_choice(probe: FeatureProbe) -> tuple[str, int] | None:
    if not probe.cv_scores:
        return None
    from bertlab.embeddings import choose_layer

    pooling = max(probe.cv_scores, key=lambda p: probe.cv_scores[p].mean(axis=1).max())
    return pooling, choose_layer(probe.cv_scores[pooling])


def feature_explorer(probe: FeatureProbe, sentence: str = DEFAULT_SENTENCE):
    """풀링 드롭다운, 층 슬라이더, 문장 입력 상자."""
    import ipywidgets as widgets
    from IPython.display import display

    best = _best_choice(probe)
    start_pooling, start_layer = best or (probe.poolings[0], probe.num_layers)
    pooling = widgets.Dropdown(options=[(POOLING_NAMES.get(p, p), p) for p in probe.poolings], value=start_pooling,
                               description="풀링")
    layer = widgets.IntSlider(value=start_layer, min=0, max=probe.num_layers, description="층",
                              continuous_update=False)
    text = sentence_box(sentence, "내 문장")
    out = widgets.HTML()

    def update(*_):
        try:
            out.value = report_html(probe.report(pooling.value, layer.value, text.value), best)
        except BertlabError as exc:
            out.value = f"<div style='color:#b91c1c'>{html.escape(str(exc))}</div>"

    for control in (pooling, layer, text):
        control.observe(update, names="value")
    update()
    display(live_box([widgets.HBox([pooling, layer]), text, out], hint=ENTER_HINT))
