"""BERT의 여러 변형: 대표 크기들, 구글의 작은 BERT 24종, 대소문자 구분(cased/uncased), 전체 단어 마스킹.
레슨 02에서 사용.

숫자는 모두 공개된 출처의 것입니다.
- 크기: Devlin et al. 2019(BERT 논문), google-research/bert README.
- 작은 모델 24종과 GLUE 점수: Turc et al. 2019 "Well-Read Students Learn Better", 같은 README(2020-03-11).
- 전체 단어 마스킹 점수: 같은 README(2019-05-31), BERT-Large의 SQuAD 1.1 F1/EM과 MultiNLI 정확도.
파라미터 수는 손으로 옮겨 적지 않고 ``bertlab.architecture.count_parameters``로 계산합니다.
"""

from __future__ import annotations

import html

from bertlab.architecture.size import BertSize, count_parameters
from bertlab.errors import InputError

SMALL_LAYERS = (2, 4, 6, 8, 10, 12)
SMALL_HIDDEN = (128, 256, 512, 768)
SMALL_NAMES = {(2, 128): "BERT-Tiny", (4, 256): "BERT-Mini", (4, 512): "BERT-Small",
               (8, 512): "BERT-Medium", (12, 768): "BERT-Base"}
# GLUE 테스트 점수(README에 실린 네 모델만).
SMALL_GLUE = {"BERT-Tiny": 64.2, "BERT-Mini": 65.8, "BERT-Small": 71.2, "BERT-Medium": 73.5}

PRESETS: dict[str, BertSize] = {
    "BERT-Tiny": BertSize(2, 128, 2),
    "BERT-Mini": BertSize(4, 256, 4),
    "BERT-Small": BertSize(4, 512, 8),
    "BERT-Medium": BertSize(8, 512, 8),
    "BERT-Base": BertSize(12, 768, 12),
    "BERT-Large": BertSize(24, 1024, 16),
}

# BERT-Large 원래 모델과 전체 단어 마스킹(WWM) 모델: (SQuAD 1.1 F1, EM, MultiNLI 정확도)
WHOLE_WORD_MASKING_SCORES = {
    "BERT-Large, Uncased (원래)": (91.0, 84.3, 86.05),
    "BERT-Large, Uncased (전체 단어 마스킹)": (92.8, 86.7, 87.07),
    "BERT-Large, Cased (원래)": (91.5, 84.8, 86.09),
    "BERT-Large, Cased (전체 단어 마스킹)": (92.9, 86.7, 86.46),
}


def small_model_size(layers: int, hidden: int) -> BertSize:
    """구글 작은 BERT의 크기. 헤드 수는 언제나 H/64, 피드포워드는 4H, 어휘는 30,522입니다."""
    if layers not in SMALL_LAYERS or hidden not in SMALL_HIDDEN:
        raise InputError(f"작은 BERT는 L이 {SMALL_LAYERS} 중 하나, H가 {SMALL_HIDDEN} 중 하나입니다. "
                         f"받은 값: L={layers}, H={hidden}")
    return BertSize(layers, hidden, hidden // 64)


def small_models() -> list[dict]:
    """작은 BERT 24종: 행마다 L, H, A, 이름(있으면), 파라미터 수, GLUE 점수(있으면)."""
    rows = []
    for layers in SMALL_LAYERS:
        for hidden in SMALL_HIDDEN:
            name = SMALL_NAMES.get((layers, hidden), "")
            size = small_model_size(layers, hidden)
            rows.append({"L": layers, "H": hidden, "A": size.heads, "name": name,
                         "parameters": count_parameters(size).total, "glue": SMALL_GLUE.get(name)})
    return rows


def small_models_html() -> str:
    """24종을 L×H 격자로 그린 HTML 표(칸마다 파라미터 수, 이름 붙은 모델은 굵게)."""
    cells = {(r["L"], r["H"]): r for r in small_models()}
    head = "".join(f"<th>H={h}</th>" for h in SMALL_HIDDEN)
    body = []
    for layers in SMALL_LAYERS:
        tds = []
        for hidden in SMALL_HIDDEN:
            r = cells[(layers, hidden)]
            text = f"{r['parameters'] / 1e6:.1f}M"
            if r["name"]:
                glue = f", GLUE {r['glue']}" if r["glue"] else ""
                text = f"<b>{text}<br>{html.escape(r['name'])}{glue}</b>"
            tds.append(f"<td style='text-align:center;padding:3px 8px'>{text}</td>")
        body.append(f"<tr><th>L={layers}</th>{''.join(tds)}</tr>")
    return f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def normalize_for_bert(text, *, cased: bool) -> str:
    """BERT 토크나이저의 정규화 단계만 적용한 글자열. cased=False면 소문자화 + 악센트 제거(NFD 분해).

    uncased 정규화는 악센트를 떼려고 글자를 NFD로 분해하는데, 한글 음절도 이때 자모로 쪼개집니다.
    그래서 한국어에는 cased(또는 정규화를 하지 않는) 모델을 씁니다.
    """
    if not isinstance(text, str):
        raise InputError(f"문장은 문자열이어야 합니다. 지금은 {type(text).__name__}입니다.")
    from tokenizers.normalizers import BertNormalizer

    normalizer = BertNormalizer(clean_text=True, handle_chinese_chars=True,
                                strip_accents=not cased, lowercase=not cased)
    return normalizer.normalize_str(text)


def word_groups(pieces: list[str]) -> list[list[int]]:
    """WordPiece 조각들을 단어별로 묶은 위치 목록. ``##``으로 시작하는 조각은 앞 단어에 붙습니다.

    예: ``["on", "phil", "##am", "##mon"]`` -> ``[[0], [1, 2, 3]]``. 특수 토큰은 각각 한 묶음입니다.
    """
    groups: list[list[int]] = []
    for index, piece in enumerate(pieces):
        if piece.startswith("##") and groups:
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def mask_pieces(pieces: list[str], chosen: list[int], *, whole_word: bool,
                mask_token: str = "[MASK]") -> list[str]:
    """고른 위치를 [MASK]로 바꿉니다. whole_word=True면 고른 조각이 속한 단어의 조각을 모두 가립니다."""
    if any(not isinstance(i, int) or not 0 <= i < len(pieces) for i in chosen):
        raise InputError(f"가릴 위치는 0부터 {len(pieces) - 1} 사이의 정수여야 합니다. 받은 값: {chosen!r}")
    targets = set(chosen)
    if whole_word:
        for group in word_groups(pieces):
            if targets & set(group):
                targets |= set(group)
    return [mask_token if i in targets else piece for i, piece in enumerate(pieces)]
