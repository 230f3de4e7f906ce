"""레슨 06의 약속: 어텐션 그림은 인터넷에서 아무것도 가져오지 않는 자기 완결 HTML이고, 헤드 탐색기는
파이썬이 계산한 바로 그 행렬을 보여 줍니다. (브라우저에서 실제로 그려지는지는 test_attention_browser.py)"""

from __future__ import annotations

import base64
import json
import re

import pytest
import torch

from bertlab.attention import (
    VENDOR_FILES, bertviz_script, head_view_html, model_view_html, safe_script, vendor_script,
)
from bertlab.attention import AttentionMaps, attention_maps
from bertlab.widgets.head_explorer import explorer_payload, head_explorer_html

EXTERNAL = re.compile(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", re.IGNORECASE)


@pytest.fixture(scope="module")
def maps(en_encoder):
    return attention_maps(en_encoder, "The cat sat on the mat because it was tired.")


@pytest.fixture(scope="module")
def pair_maps(en_encoder):
    return attention_maps(en_encoder, "I went to the bank.", "The river was calm.")


def test_vendored_libraries_and_their_licences_ship_with_the_package():
    for path in VENDOR_FILES.values():
        assert path.is_file() and path.stat().st_size > 50_000
        assert (path.parent / "LICENSE.txt").is_file()
    assert "d3js.org v5.7.0" in VENDOR_FILES["d3"].read_text()[:200]
    assert "jQuery v3.7.1" in VENDOR_FILES["jquery"].read_text()[:200]


def test_bertviz_scripts_no_longer_use_requirejs_or_a_cdn():
    for name in ("head_view", "model_view"):
        code = bertviz_script(name)
        assert "requirejs" not in code and "require.config" not in code
        assert "cdnjs" not in code and "__bertlabVendor" in code
        assert code.count("PYTHON_PARAMS") == 1


@pytest.mark.parametrize("render", [head_view_html, model_view_html, head_explorer_html])
def test_every_view_is_self_contained_html(render, maps):
    html = render(maps)
    assert not EXTERNAL.search(html), "밖에서 불러오는 src/href가 없어야 합니다"
    assert "require(" not in html.replace("__bertlab", "")
    assert "bertlab-trust-note" in html and "Trust Notebook" in html
    assert len(html) < 1_000_000


def test_bertviz_views_carry_the_vendored_libraries_inline(maps):
    html = head_view_html(maps)
    assert vendor_script() in html
    assert html.count("<script>") == 2


def test_two_views_in_one_notebook_get_different_ids(maps):
    ids = [re.search(r'id="(bertlab-[^"]+)"', head_view_html(maps)).group(1) for _ in range(2)]
    ids += [re.search(r'id="(bertlab-[^"]+)"', head_explorer_html(maps)).group(1) for _ in range(2)]
    assert len(set(ids)) == 4


def test_pair_head_view_offers_sentence_a_to_b_filters(pair_maps):
    html = head_view_html(pair_maps, layer=2)
    assert "문장 A → 문장 B" in html and "문장 B → 문장 A" in html


def test_tokens_that_look_like_html_cannot_break_out_of_the_script():
    tokens = ["[CLS]", "</script>", "<!--", "<b>x</b>", "&amp;", "[SEP]"]
    probs = torch.softmax(torch.randn(2, 2, 6, 6), dim=-1)
    evil = AttentionMaps(tokens, probs, [0], [5], [0] * 6)
    for render in (head_view_html, model_view_html, head_explorer_html):
        html = render(evil)
        scripts = re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL)
        assert all("</script" not in s.lower() and "<!--" not in s for s in scripts)
        assert html.lower().count("<script>") == html.lower().count("</script>")
    assert safe_script('x = "</script>"') == 'x = "<\\/script>"'


def test_explorer_payload_is_the_same_matrix_python_computed(maps):
    payload = explorer_payload(maps)
    levels = torch.frombuffer(bytearray(base64.b64decode(payload["probs"])), dtype=torch.uint8)
    shown = levels.view(maps.probs.shape).float() / 255  # (L, H, T, T)
    assert torch.allclose(shown, maps.probs, atol=0.5 / 255 + 1e-6)
    assert shown[2, 5].sub(maps.head(2, 5)).abs().max() <= 0.5 / 255 + 1e-6
    assert len(payload["descriptions"]) == maps.num_layers and payload["tokens"] == maps.tokens


def test_explorer_draws_the_chosen_head_even_before_any_script_runs(maps):
    html = head_explorer_html(maps, layer=3, head=7)
    opacities = [float(x) for x in re.findall(r'class="bx-cell"[^>]*fill-opacity="([0-9.]+)"', html)]
    expected = maps.head(3, 7).flatten().tolist()
    assert len(opacities) == len(expected)
    assert max(abs(a - b) for a, b in zip(opacities, expected)) < 1e-3
    assert 'data-layer="3"' in html and 'data-head="7"' in html


def test_explorer_payload_json_survives_a_round_trip(maps):
    html = head_explorer_html(maps)
    raw = re.search(r"const P = (\{.*?\});\n", html, flags=re.DOTALL).group(1)
    payload = json.loads(raw)
    assert payload["layers"] == maps.num_layers and payload["heads"] == maps.num_heads


def test_out_of_range_layer_is_a_korean_error(maps):
    from bertlab.errors import InputError

    with pytest.raises(InputError, match="층 번호"):
        head_explorer_html(maps, layer=99)
    with pytest.raises(InputError, match="헤드 번호"):
        head_explorer_html(maps, head=-1)


@pytest.mark.parametrize("render", [head_view_html, model_view_html, head_explorer_html])
def test_views_explain_wrong_inputs_in_korean(render):
    from bertlab.errors import InputError

    with pytest.raises(InputError, match="attention_maps"):
        render("나는 학교에 간다.")


@pytest.mark.parametrize("text", ["😀🎉 漢字 English 한국어 섞인 문장", "가 " * 2500])
def test_odd_or_huge_sentences_stay_drawable(en_encoder, text):
    maps = attention_maps(en_encoder, text)
    assert len(maps.tokens) <= 48
    html = head_explorer_html(maps)
    assert len(html) < 2_000_000
    if len(text) > 1000:
        assert "앞의" in html  # 잘랐다는 한국어 안내


def test_empty_sentence_is_a_korean_message_not_a_crash(en_encoder):
    from bertlab.errors import InputError

    with pytest.raises(InputError, match="토큰이 너무 적습니다"):
        head_explorer_html(attention_maps(en_encoder, "   "))


def test_vendored_javascript_is_declared_as_package_data():
    """설치본(wheel)에도 d3·jQuery·탐색기 스크립트가 들어가야 오프라인 그림이 그려집니다."""
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    globs = [g for patterns in pyproject["tool"]["setuptools"]["package-data"].values() for g in patterns]
    assert "*.js" in globs, "pyproject.toml [tool.setuptools.package-data]에 \"*.js\"가 필요합니다"
