"""레슨 11의 문장 감성 놀이터: 문장을 쓰면 모델마다(방금 파인 튜닝한 모델, 훈련 전 헤드, 강의 모델) 클래스 확률을
나란히 보여 줍니다.

계산은 ``bertlab.finetuning.read_sentence``가 하고(빈 입력·긴 글·[UNK]뿐인 글도 한국어로 답함), 여기서는 입력
상자와 HTML 한 장만 연결합니다.
"""

from __future__ import annotations

import html

from bertlab.widgets.reopen import live_box
from bertlab.widgets.text_inputs import ENTER_HINT, sentence_box
from bertlab.widgets.wiring import bind

DEFAULT_SENTENCE = "배우들 연기는 좋았는데 이야기가 너무 지루했다."
COLOURS = ("#dc2626", "#2563eb", "#16a34a", "#9333ea")


def _bar(value: float, colour: str) -> str:
    return (f"<span style='display:inline-block;width:140px;height:10px;background:#e5e7eb;vertical-align:middle'>"
            f"<span style='display:block;width:{value * 100:.1f}%;height:100%;background:{colour}'></span></span>")


def reading_html(reading) -> str:
    """``bertlab.finetuning.SentenceReading`` 하나 -> 표 한 장(모델마다 클래스 확률 막대)과 안내."""
    if reading.error:
        return f"<div style='color:#b91c1c;font-family:sans-serif'>{html.escape(reading.error)}</div>"
    head = "".join(f"<th>{html.escape(label)}</th>" for label in reading.labels)
    rows = []
    for name, probs in reading.probabilities.items():
        cells = "".join(f"<td>{_bar(float(p), COLOURS[i % len(COLOURS)])} {float(p):.2f}</td>"
                        for i, p in enumerate(probs))
        rows.append(f"<tr><td>{html.escape(name)}</td>{cells}<td><b>{html.escape(reading.verdict(name))}</b></td></tr>")
    tokens = " ".join(html.escape(t) for t in reading.tokens[:40]) + (" …" if len(reading.tokens) > 40 else "")
    parts = [f"<div style='font-family:sans-serif'><table><tr><th>모델</th>{head}<th>판정</th></tr>{''.join(rows)}</table>",
             f"<div style='color:#555;font-size:90%'>토큰: {tokens}</div>"]
    parts += [f"<div style='color:#b45309'>{html.escape(note)}</div>" for note in reading.notes]
    return "".join(parts) + "</div>"


def sentiment_playground(models: dict[str, tuple], sentence: str = DEFAULT_SENTENCE, task=None):
    """문장 입력 상자 하나. models: ``{이름: (모델, 토크나이저)}``(모두 같은 과제의 문장 분류 모델)."""
    import ipywidgets as widgets
    from IPython.display import display

    from bertlab.finetuning import read_sentence

    options = {} if task is None else {"task": task}
    text = sentence_box(sentence, "내 문장")
    out = bind([text], lambda sentence: reading_html(read_sentence(sentence, models, **options)))
    display(live_box([text, out], hint=ENTER_HINT))
