"""인터넷 없이 그려지는 bertviz 헤드 뷰·모델 뷰: 레슨 06에서 사용합니다.

bertviz는 그림을 그릴 때 require.js, d3, jQuery를 CDN에서 내려받습니다. 그래서 인터넷이 없거나
require.js가 없는 JupyterLab에서는 칸이 비어 버립니다(bertviz 이슈 #53, #63, #45). 여기서는

- bertviz의 자바스크립트(``head_view.js``, ``model_view.js``)는 설치된 bertviz 패키지에서 읽고,
- d3 5.7.0과 jQuery 3.7.1(slim)은 ``bertlab/vendor/``에 실어 둔 파일을 출력 HTML에 직접 넣고,
- ``require.config(...)`` / ``requirejs([...], ...)`` 부분만 그 내장 라이브러리를 쓰도록 바꿉니다.

내장 라이브러리는 페이지의 전역 ``d3``·``$``를 덮어쓰지 않도록 CommonJS 흉내(``module.exports``)로
불러 ``window.__bertlabVendor``에 둡니다. 출력 하나하나가 자기 완결적이라 한 노트북에 여러 개를 그려도,
저장 후 다시 열어도(노트북을 신뢰하면) 그대로 그려집니다. 스크립트가 막히면 한국어 안내가 보입니다.
"""

from __future__ import annotations

import html
import json
import re
import uuid
from functools import lru_cache
from pathlib import Path

from bertlab.errors import BertlabError
from bertlab.attention.head_patterns import check_maps

VENDOR_DIR = Path(__file__).resolve().parents[1] / "vendor"
VENDOR_FILES = {"d3": VENDOR_DIR / "d3" / "d3.min.js", "jquery": VENDOR_DIR / "jquery" / "jquery.slim.min.js"}
_REQUIRE_CONFIG = re.compile(r"require\.config\(\{.*?\}\);", re.DOTALL)
_REQUIREJS_CALL = re.compile(r"requirejs\(\s*\[\s*'jquery'\s*,\s*'d3'\s*\]\s*,\s*function\s*\(\s*\$\s*,\s*d3\s*\)\s*\{")
_RUN_WITH_VENDOR = "(function (run) { var v = window.__bertlabVendor; run(v.jquery, v.d3); })(function ($, d3) {"

TRUST_NOTE = (
    "⚠ 이 그림은 노트북 안의 자바스크립트가 그립니다. 이 글이 보이고 그림이 비어 있다면 스크립트가 "
    "실행되지 않은 것입니다. 저장했다가 다시 연 노트북이라면 JupyterLab 명령 팔레트(Ctrl+Shift+C)에서 "
    "<b>Trust Notebook</b>(노트북 신뢰)을 실행하거나, 이 셀을 다시 실행하세요."
)


def safe_script(code: str) -> str:
    """``<script>`` 안에 넣어도 HTML이 깨지지 않게 ``</script``와 ``<!--``를 자바스크립트 이스케이프로 바꿉니다."""
    code = re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE)
    return code.replace("<!--", "<\\!--")


def safe_json(value) -> str:
    """HTML 안의 스크립트에 넣을 JSON(``<``, ``>``, ``&``를 \\u 이스케이프)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=None)
def vendor_script() -> str:
    """내장 d3·jQuery를 전역을 건드리지 않고 ``window.__bertlabVendor``에 싣는 스크립트(한 번만 실행)."""
    parts = ["window.__bertlabVendor = window.__bertlabVendor || {};"]
    for name, path in VENDOR_FILES.items():
        if not path.is_file():
            raise BertlabError(f"내장 자바스크립트 파일({path.name})이 없습니다.",
                               hint="강의 환경을 다시 설치하세요: `pip install -e .` 또는 `make lab`.")
        parts.append(
            f"if (!window.__bertlabVendor.{name}) {{ (function () {{\n"
            "var module = { exports: {} }, exports = module.exports, define = undefined;\n"
            f"{path.read_text(encoding='utf-8')}\n"
            f";window.__bertlabVendor.{name} = module.exports; }}).call(window); }}"
        )
    return safe_script("\n".join(parts))


@lru_cache(maxsize=None)
def bertviz_script(name: str) -> str:
    """bertviz의 ``head_view.js``/``model_view.js``를 require.js 없이 내장 라이브러리로 돌도록 고친 것."""
    try:
        import bertviz
    except ImportError as exc:
        raise BertlabError("bertviz 패키지가 설치되어 있지 않습니다.", hint="`pip install -e .`로 다시 설치하세요.") from exc
    code = (Path(bertviz.__file__).resolve().parent / f"{name}.js").read_text(encoding="utf-8")
    patched, configs = _REQUIRE_CONFIG.subn("", code)
    patched, calls = _REQUIREJS_CALL.subn(lambda _: _RUN_WITH_VENDOR, patched)
    # 주석에도 PYTHON_PARAMS가 한 번 더 적혀 있어 bertviz는 데이터를 두 번 넣습니다. 주석 쪽은 지웁니다.
    patched = patched.replace("// HACK: PYTHON_PARAMS is a template marker", "// HACK: the params above are a template marker")
    if configs != 1 or calls != 1 or "requirejs" in patched:
        raise BertlabError(f"설치된 bertviz의 {name}.js 모양이 예상과 달라 오프라인용으로 고치지 못했습니다.",
                           hint="pyproject.toml에 적힌 bertviz 판(1.4.1)을 설치하세요.")
    return patched


def _rounded(maps, decimals: int = 3) -> list:
    """(L, A, T, T) 확률을 소수 ``decimals``자리 파이썬 리스트로. 그림에는 충분하고 출력이 몇 배 작아집니다.

    파이썬 ``round``를 써야 0.123처럼 짧게 적힙니다(torch의 반올림 결과는 0.12300000000000001처럼 길어짐).
    """
    nested = maps.probs.tolist()  # (L, A, T, T)
    return [[[[round(p, decimals) for p in row] for row in head] for head in layer] for layer in nested]


def _display_tokens(tokens: list[str]) -> list[str]:
    return [t.replace("▁", " ").replace("Ġ", " ") for t in tokens]


def _attention_data(maps) -> list[dict]:
    """bertviz가 받는 형식: 문장 하나면 항목 하나, 문장 쌍이면 전체·A→A·B→B·A→B·B→A 다섯 개."""
    attn, tokens = _rounded(maps), _display_tokens(maps.tokens)
    data = [{"name": "전체" if maps.is_pair else None, "attn": attn, "left_text": tokens, "right_text": tokens}]
    if maps.is_pair:
        start = maps.segment_ids.index(1)
        parts = {"A": slice(0, start), "B": slice(start, len(tokens))}
        for left, right in (("A", "A"), ("B", "B"), ("A", "B"), ("B", "A")):
            rows, cols = parts[left], parts[right]
            sub = [[[row[cols] for row in head[rows]] for head in layer] for layer in attn]
            data.append({"name": f"문장 {left} → 문장 {right}", "attn": sub,
                         "left_text": tokens[rows], "right_text": tokens[cols]})
    return data


def _filter_select(data: list[dict]) -> str:
    if len(data) == 1:
        return ""
    options = "".join(f'<option value="{i}">{html.escape(d["name"])}</option>' for i, d in enumerate(data))
    return f' 보기: <select id="filter">{options}</select>'


def _wrap(kind: str, body: str, script: str, notices: list[str] = ()) -> str:
    """출력 하나: 신뢰 안내 + bertviz 틀 + 내장 라이브러리 + 그리기 스크립트(오류는 안내 칸에 표시)."""
    root = f"bertlab-{kind}-{uuid.uuid4().hex[:12]}"
    body = "".join(f'<div style="color:#b45309">※ {html.escape(n)}</div>' for n in notices) + body
    return (
        f'<div id="{root}" class="bertlab-view" data-bertlab-view="{kind}">'
        f'<div class="bertlab-trust-note" style="border-left:4px solid #b45309;padding:4px 8px;'
        f'background:rgba(180,83,9,0.08);font-size:13px">{TRUST_NOTE}</div>{body}</div>'
        f"<script>{vendor_script()}</script>\n"
        f"<script>(function () {{ var root = document.getElementById('{root}');\n"
        f"var note = root.querySelector('.bertlab-trust-note');\n"
        f"try {{\n{safe_script(script)}\nnote.remove(); root.dataset.rendered = '1'; }}\n"
        "catch (err) { note.textContent = '그림을 그리지 못했습니다: ' + err; }\n})();</script>"
    )


def head_view_html(maps, layer: int = 0, heads: list[int] | None = None) -> str:
    """bertviz 헤드 뷰(한 층의 헤드들을 색깔 선으로)를 인터넷 없이 그리는 HTML 문자열."""
    check_maps(maps).head(layer, 0)  # 층 번호 검사
    vis_id = f"bertviz-{uuid.uuid4().hex}"
    data = _attention_data(maps)
    params = {"attention": data, "default_filter": "0", "root_div_id": vis_id, "layer": layer,
              "heads": heads, "include_layers": list(range(maps.num_layers))}
    body = (f'<div id="{vis_id}" style="font-family:\'Helvetica Neue\', Helvetica, Arial, sans-serif;">'
            f'<span style="user-select:none">층: <select id="layer"></select>{_filter_select(data)}</span>'
            "<div id='vis'></div></div>")
    script = bertviz_script("head_view").replace("PYTHON_PARAMS", safe_json(params), 1)
    return _wrap("head-view", body, script, maps.notices)


def model_view_html(maps, display_mode: str = "light") -> str:
    """bertviz 모델 뷰(모든 층 × 모든 헤드의 작은 그림)를 인터넷 없이 그리는 HTML 문자열."""
    if display_mode not in ("light", "dark"):
        raise BertlabError("display_mode는 'light' 또는 'dark'입니다.")
    check_maps(maps)
    vis_id = f"bertviz-{uuid.uuid4().hex}"
    data = _attention_data(maps)
    params = {"attention": data, "default_filter": "0", "display_mode": display_mode, "root_div_id": vis_id,
              "include_layers": list(range(maps.num_layers)), "include_heads": list(range(maps.num_heads)),
              "total_heads": maps.num_heads}
    body = (f'<div id="{vis_id}" style="font-family:\'Helvetica Neue\', Helvetica, Arial, sans-serif;">'
            f'<span style="user-select:none">{_filter_select(data)}</span><div id=\'vis\'></div></div>')
    script = bertviz_script("model_view").replace("PYTHON_PARAMS", safe_json(params), 1)
    return _wrap("model-view", body, script, maps.notices)


def head_view(maps, layer: int = 0, heads: list[int] | None = None):
    """노트북에 헤드 뷰를 보여 줍니다. ``maps``는 ``head_patterns.attention_maps()``의 결과."""
    from IPython.display import HTML

    return HTML(head_view_html(maps, layer, heads))


def model_view(maps, display_mode: str = "light"):
    """노트북에 모델 뷰를 보여 줍니다. 토큰이 많으면 그림이 커지니 짧은 문장을 쓰세요."""
    from IPython.display import HTML

    return HTML(model_view_html(maps, display_mode))


# ---- matplotlib 그림(레슨 05의 한 헤드 행렬, 레슨 06의 헤드 통계 표) ---------------------------------

def plot_attention_matrix(matrix, tokens: list[str], ax=None, title: str = ""):
    """어텐션 행렬 (T, T) 하나를 히트맵으로. 행 = 쿼리(보는 토큰), 열 = 키(보이는 토큰)."""
    import matplotlib.pyplot as plt

    import bertlab.plots  # noqa: F401  (한글 글꼴)

    matrix = matrix.detach().float().cpu().numpy() if hasattr(matrix, "detach") else matrix
    if ax is None:
        size = min(9, 2.5 + 0.32 * len(tokens))
        _, ax = plt.subplots(figsize=(size, size))
    image = ax.imshow(matrix, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(tokens)), tokens, rotation=90, fontsize=9)
    ax.set_yticks(range(len(tokens)), tokens, fontsize=9)
    ax.set_xlabel("키(보이는 토큰)")
    ax.set_ylabel("쿼리(보는 토큰)")
    if title:
        ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    return ax


def plot_head_stats(stats, names=("cls", "sep", "prev", "next", "self", "entropy")):
    """헤드 통계마다 층 × 헤드 표를 색으로(``head_patterns.head_statistics``의 결과)."""
    import matplotlib.pyplot as plt

    import bertlab.plots  # noqa: F401  (한글 글꼴)
    from bertlab.attention.head_patterns import STAT_LABELS

    fig, axes = plt.subplots(1, len(names), figsize=(3.0 * len(names), 3.4), squeeze=False)
    for ax, name in zip(axes[0], names):
        values = stats.value(name).numpy()
        image = ax.imshow(values, cmap="viridis" if name == "entropy" else "Blues",
                          vmin=0, vmax=None if name == "entropy" else 1, aspect="auto")
        title = STAT_LABELS[name] + (" (nats)" if name == "entropy" else " 가는 몫")
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("헤드")
        ax.set_ylabel("층")
        fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04)
    fig.tight_layout()
    return fig
