"""모은 학생 노트북을 읽기 전용 HTML로: nbconvert(JupyterLab 모양 틀)로 바꾸고 위에 안내 띠를 붙입니다.

학생 노트북의 출력은 학생이 만든 HTML·자바스크립트일 수 있으므로 강사의 브라우저에서 실행되면 안 됩니다:
nbconvert의 ``sanitize_html``이 출력과 마크다운을 bleach로 거르고(``clean_notebook_html``: nbconvert 기본 허용
목록에는 ``p``·``h1``도 없어 레슨 글이 태그째 글자로 보이므로, 글·표·그림 태그를 더 허용하되 스크립트·스타일·
폼·iframe은 글자로 바꿈), 서버는 이 페이지에 스크립트를 막는 CSP(``server.NOTEBOOK_POLICY``)를 붙입니다.
틀이 부르는 require.js·MathJax CDN 주소는 비워 둡니다(인터넷 없음).
"""

from __future__ import annotations

import html
from collections import OrderedDict
from pathlib import Path

MAX_NOTEBOOK_BYTES = 50_000_000
_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 8
NO_CDN = {name: "" for name in ("require_js_url", "mathjax_url", "jquery_url", "widget_renderer_url",
                                "mermaid_js_url", "mermaid_layout_elk_js_url")}


SAFE_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd", "li", "mark", "ol", "p",
    "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "u", "ul",
})
SAFE_ATTRIBUTES = {"*": ["class", "id", "title"], "a": ["href", "title"], "img": ["src", "alt", "width", "height"],
                   "td": ["colspan", "rowspan"], "th": ["colspan", "rowspan", "scope"], "ol": ["start"]}


def clean_notebook_html(element: str | bytes) -> str:
    """nbconvert의 ``clean_html`` 필터 대신: 글·표·그림 태그만 남기고 나머지(script, style, iframe, form…)는 글자로."""
    import bleach

    text = element.decode() if isinstance(element, bytes) else str(element)
    return bleach.clean(text, tags=SAFE_TAGS, attributes=SAFE_ATTRIBUTES, protocols={"http", "https", "mailto", "data"})


class NotebookUnreadable(Exception):
    """노트북을 읽거나 바꾸지 못함(한국어 메시지)."""


def _banner(student: str, lesson: str, modified: str, fonts_css: str) -> str:
    return (f'<link rel="stylesheet" href="{html.escape(fonts_css)}">'
            '<div class="bertlab-readonly" style="position:sticky;top:0;z-index:10;padding:10px 20px;'
            'background:#1f3a5f;color:#fff;font:18px NanumGothic,sans-serif">'
            f'읽기 전용: <b>{html.escape(student)}</b> 학생의 레슨 {html.escape(lesson)} 노트북'
            f' (모은 시각 {html.escape(modified)}). 고쳐도 저장되지 않으며, 학생 노트북의 스크립트는 실행하지 않습니다.</div>')


def notebook_html(path: Path, student: str, lesson: str, fonts_css: str = "static/fonts.css") -> str:
    """노트북 파일 -> 안내 띠가 붙은 HTML 한 장. 같은 파일(크기·수정 시각)이면 전에 만든 것을 돌려줍니다."""
    try:
        info = path.lstat()
    except OSError as exc:
        raise NotebookUnreadable(f"모은 노트북을 찾을 수 없습니다({type(exc).__name__}).") from exc
    if info.st_size > MAX_NOTEBOOK_BYTES:
        raise NotebookUnreadable(f"노트북이 너무 큽니다({info.st_size / 1e6:.0f} MB). 강사 기계에서 직접 여세요.")
    key = (str(path), info.st_mtime_ns, info.st_size, student, lesson)
    if key in _CACHE:
        _CACHE.move_to_end(key)
        return _CACHE[key]
    body = _convert(path)
    from datetime import datetime

    modified = datetime.fromtimestamp(info.st_mtime).strftime("%Y-%m-%d %H:%M")
    opening = body.find(">", body.find("<body")) + 1
    page = body[:opening] + _banner(student, lesson, modified, fonts_css) + body[opening:]
    _CACHE[key] = page
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return page


def _convert(path: Path) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    try:
        notebook = nbformat.read(str(path), as_version=4)
        exporter = HTMLExporter(template_name="lab", sanitize_html=True, filters={"clean_html": clean_notebook_html},
                                **NO_CDN)
        body, _ = exporter.from_notebook_node(notebook)
    except Exception as exc:  # noqa: BLE001  (학생 파일이 깨져 있어도 페이지는 한국어로 답함)
        raise NotebookUnreadable(f"노트북을 HTML로 바꾸지 못했습니다({type(exc).__name__}: {exc}).") from exc
    return body
