"""채점 결과·힌트·해답을 JupyterLab에서는 색 상자(HTML)로, 터미널에서는 글자로 보여 줍니다.
모든 레슨의 ``check()``, ``hint()``, ``solution()``에서 사용합니다.

표시 묶음(mimebundle)에는 ``application/vnd.bertlab.check+json``도 들어 있어, 노트북 테스트와
채점기가 셀 출력에서 채점 결과를 기계적으로 읽을 수 있습니다(JupyterLab은 이 형식을 그리지 않고 HTML을 그립니다).
퀴즈의 카드와 채점 결과에는 학생이 본 보기 순서의 열쇠(``application/vnd.bertlab.quiz+json``)도 담깁니다.
해답 상자에는 어느 문제의 해답인지(``application/vnd.bertlab.solution+json``)가 담겨, 일괄 채점기가 성적표에
'해답을 봄'을 적습니다.
"""

from __future__ import annotations

import html
import re
import sys
from typing import Any

from bertlab.exercises.outcome import Outcome

CHECK_MIME = "application/vnd.bertlab.check+json"
SOLUTION_MIME = "application/vnd.bertlab.solution+json"  # 해답을 본 문제(저장된 노트북에 남아 채점기가 읽음)

_COLORS = {
    "correct": ("#15803d", "21,128,61", "✅"),
    "incorrect": ("#c2410c", "194,65,12", "❌"),
    "not_attempted": ("#2563eb", "37,99,235", "✏️"),
    "error": ("#6b7280", "107,114,128", "⚠️"),
    "hint": ("#a16207", "202,138,4", "💡"),
    "solution": ("#7c3aed", "124,58,237", "📘"),
    "problem": ("#475569", "71,85,105", "📝"),
    "warning": ("#b45309", "180,83,9", "⚠️"),
}


# HTML 상자의 머리 표시: 이모지 글꼴이 없는 컴퓨터에서도 보이도록 기본 글꼴에 있는 기호를 색 동그라미에 넣습니다
# (글자 버전 ``text/plain``은 터미널을 위해 이모지를 그대로 씁니다).
_BADGES = {"correct": "✓", "incorrect": "✗", "not_attempted": "✎", "error": "!", "hint": "?", "solution": "i",
           "problem": "Q", "warning": "!"}


def _badge(kind: str, color: str) -> str:
    return (f'<span aria-hidden="true" style="display:inline-block;min-width:1.3em;height:1.3em;line-height:1.3em;'
            f'border-radius:50%;background:{color};color:#fff;text-align:center;font-size:0.85em;'
            f'font-family:sans-serif;margin-right:4px">{_BADGES[kind]}</span>')


def inline_html(text: str) -> str:
    """한국어 메시지를 HTML로: 이스케이프, `코드`는 <code>, 줄바꿈은 <br>."""
    escaped = html.escape(text)
    escaped = re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)
    return escaped.replace("\n", "<br>")


def box(kind: str, heading: str, body_html: str) -> str:
    color, rgb, _ = _COLORS[kind]
    return (f'<div class="bertlab-box bertlab-{kind}" style="border-left:6px solid {color};'
            f'padding:6px 12px;margin:4px 0;background:rgba({rgb},0.08);color:inherit;line-height:1.55">'
            f'<div style="font-weight:bold;color:{color}">{_badge(kind, color)}{inline_html(heading)}</div>'
            f'{body_html}</div>')


def code_html(code: str) -> str:
    return ('<pre style="margin:4px 0;padding:6px 8px;background:rgba(127,127,127,0.10);'
            f'border-radius:4px;white-space:pre-wrap">{html.escape(code)}</pre>')


class Feedback:
    """노트북에 한 번 표시되는 상자. 노트북 밖에서는 ``str()``이 글자 버전입니다."""

    def __init__(self, html_text: str, plain: str, data: dict | None = None, extra: dict | None = None):
        self.html = html_text
        self.plain = plain
        self.data = data
        self.extra = dict(extra or {})  # 기계가 읽을 다른 형식(퀴즈 보기 순서의 열쇠 등)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        bundle = {"text/plain": self.plain, "text/html": self.html, **self.extra}
        if self.data is not None:
            bundle[CHECK_MIME] = self.data
        return bundle

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.plain

    __str__ = __repr__


def show(feedback: Feedback) -> None:
    """IPython 안이면 풍부한 출력으로, 아니면 print로 보여 줍니다."""
    shell = None
    if "IPython" in sys.modules:
        from IPython import get_ipython

        shell = get_ipython()
    if shell is not None:
        from IPython.display import display

        display(feedback)
    else:
        print(feedback.plain)


def outcome_feedback(outcome: Outcome, heading: str, data: dict | None = None) -> Feedback:
    """채점 결과 상자. heading은 ``"문제 1 · 공백으로 토큰 세기"`` 꼴."""
    title = f"{outcome.label} — {heading}"
    parts = [f"<div>{inline_html(outcome.message)}</div>"]
    plain = [f"{_COLORS[outcome.status][2]} [{outcome.label}] {heading}", f"  {outcome.message}"]
    if outcome.details:
        items = "".join(f"<li>{inline_html(d)}</li>" for d in outcome.details)
        parts.append(f'<ul style="margin:2px 0 0 0">{items}</ul>')
        plain += [f"  - {d}" for d in outcome.details]
    if outcome.extra:
        parts.append(f'<div style="margin-top:4px"><b>모범 답안·해설</b><br>{inline_html(outcome.extra)}</div>')
        plain.append(f"  모범 답안·해설: {outcome.extra}")
    html_text = box(outcome.status, title, "".join(parts))
    if outcome.warnings:
        html_text += box("warning", "실행 순서 주의", "".join(f"<div>{inline_html(w)}</div>" for w in outcome.warnings))
        plain += [f"  ⚠️ 실행 순서 주의: {w}" for w in outcome.warnings]
    return Feedback(html_text, "\n".join(plain), data)


def hint_feedback(heading: str, number: int, total: int, text: str) -> Feedback:
    follow = f"더 자세한 힌트: `.hint({number + 1})`" if number < total else "마지막 힌트입니다. 그래도 어렵다면 `.solution()`을 보세요."
    html_text = box("hint", f"힌트 {number}/{total} — {heading}",
                    f"<div>{inline_html(text)}</div><div style='opacity:0.75;font-size:0.92em'>{inline_html(follow)}</div>")
    return Feedback(html_text, f"💡 힌트 {number}/{total} — {heading}\n  {text}\n  ({follow})")


def message_feedback(kind: str, heading: str, text: str) -> Feedback:
    return Feedback(box(kind, heading, f"<div>{inline_html(text)}</div>"),
                    f"{_COLORS[kind][2]} {heading}\n  {text}")


def solution_feedback(heading: str, code: str, note: str, explanation: str) -> Feedback:
    parts, plain = [], [f"📘 해답 — {heading}"]
    if note:
        parts.append(f"<div>{inline_html(note)}</div>")
        plain.append(f"  {note}")
    if code:
        parts.append(code_html(code))
        plain += ["", code, ""]
    if explanation:
        parts.append(f"<div>{inline_html(explanation)}</div>")
        plain.append(f"  {explanation}")
    return Feedback(box("solution", f"해답 — {heading}", "".join(parts)), "\n".join(plain))


def problem_feedback(heading: str, prompt: str, choices_html: str, choices_text: str, index: int | None) -> Feedback:
    name = f"q{index}" if index else "문제"
    usage = f"확인: `{name}.check()` · 힌트: `{name}.hint()` · 해답: `{name}.solution()`"
    body = f"<div>{inline_html(prompt)}</div>{choices_html}<div style='opacity:0.75;font-size:0.92em'>{inline_html(usage)}</div>"
    plain = "\n".join(x for x in [f"📝 {heading}", f"  {prompt}" if prompt else "", choices_text, f"  ({usage})"] if x)
    return Feedback(box("problem", heading, body), plain)
