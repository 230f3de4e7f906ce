"""레슨 06의 헤드 탐색기: 층·헤드 슬라이더로 내 문장의 어텐션 행렬을 바로 바꿔 봅니다.

계산은 모두 파이썬의 보통 함수가 미리 합니다(``head_patterns.attention_maps``, ``head_statistics``,
``describe_head``). 탐색기는 그 결과를 HTML 하나에 담고, 작은 자바스크립트(``head_explorer.js``, 외부
라이브러리 없음)가 슬라이더를 움직일 때 미리 그려 둔 칸의 진하기만 바꿉니다. 그래서

- 커널 없이도 움직입니다(HTML로 내보낸 노트북, 저장 후 다시 연 노트북에서도. 단 노트북을 신뢰해야 함),
- 층·헤드를 바꿀 때 모델을 다시 돌리지 않아 즉시 바뀝니다,
- 스크립트가 막혀도 처음 고른 헤드의 그림은 보입니다(파이썬이 미리 그린 SVG).

문장을 바꾸려면 ``head_explorer(모델, "새 문장")``을 다시 실행하세요.
"""

from __future__ import annotations

import base64
import html
import uuid
from functools import lru_cache
from pathlib import Path

import torch

from bertlab.attention import TRUST_NOTE, safe_json, safe_script
from bertlab.attention import (
    PATTERN_LABELS, AttentionMaps, attention_maps, check_maps, describe_head, head_statistics,
)

PATTERN_COLORS = {
    "vertical": "#2563eb", "diagonal": "#16a34a", "vertical+diagonal": "#0d9488",
    "block": "#9333ea", "broad": "#f59e0b", "heterogeneous": "#9ca3af",
}
HEAT_COLOR = "#1e40af"
_STYLE = """
#{root} .bx-controls label {{ margin-right: 18px; }}
#{root} .bx-controls input {{ vertical-align: middle; width: 160px; }}
#{root} .bx-summary {{ margin: 6px 0; font-size: 13px; }}
#{root} .bx-hover {{ min-height: 1.2em; font-size: 12px; color: #555; }}
#{root} .bx-type {{ width: 14px; height: 14px; padding: 0; border: 2px solid transparent; cursor: pointer; }}
#{root} .bx-type.bx-current {{ border-color: #111; }}
#{root} table.bx-grid {{ border-collapse: separate; border-spacing: 2px; font-size: 11px; }}
#{root} .bx-legend span {{ display: inline-block; margin-right: 10px; font-size: 12px; }}
"""


@lru_cache(maxsize=None)
def _script_template() -> str:
    return (Path(__file__).resolve().parent / "head_explorer.js").read_text(encoding="utf-8")


def quantize(probs: torch.Tensor) -> str:
    """(L, A, T, T) 확률 -> 0~255 정수(1/255 단위)를 base64로. 그림용이라 ±0.002면 충분합니다."""
    levels = (probs.float().clamp(0, 1) * 255).round().to(torch.uint8)  # (L, A, T, T)
    return base64.b64encode(levels.contiguous().numpy().tobytes()).decode("ascii")


def explorer_payload(maps: AttentionMaps, root: str = "bertlab-head-explorer") -> dict:
    """탐색기 스크립트가 받는 데이터: 토큰, 모양, 양자화한 확률, 헤드마다 한국어 설명과 무늬 종류."""
    stats = head_statistics(maps)
    return {
        "root": root, "tokens": maps.tokens, "layers": maps.num_layers, "heads": maps.num_heads,
        "probs": quantize(maps.probs),
        "descriptions": [[describe_head(stats, maps, l, h) for h in range(maps.num_heads)]
                         for l in range(maps.num_layers)],
        "patterns": stats.patterns,
    }


def _heatmap_svg(tokens: list[str], matrix: torch.Tensor) -> str:
    """행 = 쿼리, 열 = 키인 어텐션 히트맵 SVG(진하기 = 확률). 칸은 행 우선 순서로 그립니다."""
    count = len(tokens)
    cell = max(8, min(24, 420 // count))
    left = 12 + 7 * max(len(t) for t in tokens)
    top = left
    size_w, size_h = left + cell * count + 48, top + cell * count + 4  # 오른쪽: 기울인 열 이름 자리
    parts = [f'<svg class="bx-heatmap" width="{size_w}" height="{size_h}" role="img" '
             f'aria-label="어텐션 히트맵" style="font-family:sans-serif;font-size:{min(12, cell)}px">']
    for i, token in enumerate(tokens):
        label = html.escape(token)
        y = top + cell * i + cell * 0.7
        parts.append(f'<text class="bx-row-label" x="{left - 4}" y="{y:.1f}" text-anchor="end">{label}</text>')
        x = left + cell * i + cell * 0.7
        parts.append(f'<text class="bx-col-label" x="{x:.1f}" y="{top - 4}" text-anchor="start" '
                     f'transform="rotate(-60 {x:.1f} {top - 4})">{label}</text>')
    for i in range(count):
        for j in range(count):
            parts.append(f'<rect class="bx-cell" data-i="{i}" data-j="{j}" x="{left + cell * j}" '
                         f'y="{top + cell * i}" width="{cell - 1}" height="{cell - 1}" fill="{HEAT_COLOR}" '
                         f'fill-opacity="{matrix[i, j].item():.3f}"></rect>')
    parts.append("</svg>")
    return "".join(parts)


def _type_grid(patterns: list[list[str]]) -> str:
    """층 × 헤드 표. 칸 색 = 무늬 종류, 누르면 그 헤드로 이동."""
    heads = len(patterns[0])
    header = "".join(f"<th>{h}</th>" for h in range(heads))
    rows = []
    for layer, row in enumerate(patterns):
        cells = "".join(
            f'<td><button class="bx-type" data-layer="{layer}" data-head="{h}" '
            f'title="층 {layer} · 헤드 {h}: {PATTERN_LABELS[kind]}" style="background:{PATTERN_COLORS[kind]}">'
            f"</button></td>" for h, kind in enumerate(row))
        rows.append(f"<tr><th>{layer}</th>{cells}</tr>")
    legend = "".join(f'<span><b style="color:{PATTERN_COLORS[k]}">■</b> {v}</span>' for k, v in PATTERN_LABELS.items())
    return (f'<div><div style="font-size:12px">무늬 종류(행 = 층, 열 = 헤드)</div>'
            f'<table class="bx-grid"><tr><th></th>{header}</tr>{"".join(rows)}</table>'
            f'<div class="bx-legend">{legend}</div></div>')


def head_explorer_html(maps: AttentionMaps, layer: int = 0, head: int = 0) -> str:
    """헤드 탐색기 HTML 문자열(스타일·SVG·데이터·스크립트를 모두 담은 자기 완결 HTML)."""
    check_maps(maps).head(layer, head)  # 종류·번호 검사(한국어 오류)
    root = f"bertlab-head-explorer-{uuid.uuid4().hex[:12]}"
    payload = explorer_payload(maps, root)
    slider = '<input type="range" class="bx-{0}" min="0" max="{1}" step="1" value="{2}" aria-label="{3}">'
    controls = (
        f'<label>층 {slider.format("layer", maps.num_layers - 1, layer, "층")} '
        f'<b class="bx-layer-value">{layer}</b></label>'
        f'<label>헤드 {slider.format("head", maps.num_heads - 1, head, "헤드")} '
        f'<b class="bx-head-value">{head}</b></label>'
    )
    notices = "".join(f'<div style="color:#b45309">※ {html.escape(n)}</div>' for n in maps.notices)
    script = _script_template().replace("__PAYLOAD__", safe_json(payload))
    return (
        f'<div id="{root}" class="bertlab-view bertlab-head-explorer" data-bertlab-view="head-explorer" '
        f'data-layer="{layer}" data-head="{head}">'
        f"<style>{_STYLE.format(root=root)}</style>"
        f'<div class="bertlab-trust-note" style="border-left:4px solid #b45309;padding:4px 8px;'
        f'background:rgba(180,83,9,0.08);font-size:13px">{TRUST_NOTE}</div>'
        f'<div class="bx-controls">{controls}</div>{notices}'
        f'<div class="bx-summary">{html.escape(payload["descriptions"][layer][head])}</div>'
        f'<div style="display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start">'
        f'<div>{_heatmap_svg(maps.tokens, maps.head(layer, head))}<div class="bx-hover">'
        f"칸에 마우스를 올리면 확률이 보입니다. 행 = 보는 토큰(쿼리), 열 = 보이는 토큰(키).</div></div>"
        f"{_type_grid(payload['patterns'])}</div></div>"
        f"<script>{safe_script(script)}</script>"
    )


def head_explorer(loaded, text, layer: int = 0, head: int = 0, text_pair=None):
    """노트북에 헤드 탐색기를 보여 줍니다. ``head_explorer(load("ko-encoder"), "내 문장")``."""
    from IPython.display import HTML

    return HTML(head_explorer_html(attention_maps(loaded, text, text_pair), layer, head))
