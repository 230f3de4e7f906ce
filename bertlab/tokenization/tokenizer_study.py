"""레슨 17의 작은 연구: 실제 한국어 문장에서 토크나이저마다 조각 수, [UNK] 비율, 형태소 경계를 가로지르는 조각의 비율.

레슨 03이 인용한 kortok(Park et al., 2020)처럼 재되, 모델을 다시 훈련하지 않고 **이미 배포된 토크나이저**를
비교합니다. 문장은 패키지에 든 NSMC 리뷰와 KLUE 뉴스 문장(``bertlab.datasets.load_study_sentences``)입니다.

형태소 경계: kiwipiepy가 나눈 형태소의 표면형 조각(``morpheme_segments_many``, 레슨 03) 사이, 같은 어절 안의
위치들입니다. 조각이 그 위치를 **안에** 품으면(예: '학교에'를 '학'+'교에'로 자르면 '교에'가 '교|에'를 품음)
경계를 가로지른 것입니다. 공백은 어느 토크나이저도 조각 안에 품지 않으므로 세지 않고, [UNK] 조각은 원문을
잃은 조각이라 따로 [UNK] 비율로 셉니다.
"""

from __future__ import annotations

from dataclasses import dataclass

from bertlab.tokenization.korean_strategies import morpheme_segments_many


@dataclass(frozen=True)
class StudyRow:
    """토크나이저 하나 × 출처 하나의 결과."""

    tokenizer: str
    source: str
    sentences: int
    pieces_per_sentence: float   # 문장당 조각 수(특수 토큰 제외)
    unk_rate: float              # [UNK] 조각 / 전체 조각
    crossing_rate: float         # 형태소 경계를 가로지른 조각 / [UNK]이 아닌 조각


def morpheme_cuts(segments: list[tuple[str, int, int]]) -> set[int]:
    """형태소 표면형 조각들 -> 같은 어절 안의 경계 위치들(앞 조각의 끝 = 뒤 조각의 시작인 곳)."""
    return {a_end for (_, _, a_end), (_, b_start, _) in zip(segments, segments[1:]) if a_end == b_start}


def crosses(text: str, start: int, end: int, cuts: set[int]) -> bool:
    """원문 구간 [start, end)의 앞뒤 공백을 뺀 안쪽에 형태소 경계가 있는지."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return any(c in cuts for c in range(start + 1, end))


def _counts(tokenizer, sentences: list[str], cuts: list[set[int]]) -> tuple[int, int, int]:
    """(조각 수, [UNK] 수, 경계를 가로지른 [UNK] 아닌 조각 수)."""
    encoded = tokenizer(sentences, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    unk_id = tokenizer.unk_token_id
    pieces = unknown = crossing = 0
    for text, ids, offsets, sentence_cuts in zip(sentences, encoded["input_ids"], encoded["offset_mapping"], cuts):
        pieces += len(ids)
        for token_id, (start, end) in zip(ids, offsets):
            if token_id == unk_id:
                unknown += 1
            elif crosses(text, start, end, sentence_cuts):
                crossing += 1
    return pieces, unknown, crossing


def study_table(tokenizers: dict, sentences_by_source: dict[str, list[str]]) -> list[StudyRow]:
    """{토크나이저 이름: 빠른 토크나이저} × {출처: 문장들} -> ``StudyRow`` 목록(출처마다 토크나이저 순서)."""
    rows = []
    for source, sentences in sentences_by_source.items():
        cuts = [morpheme_cuts(segments) for segments in morpheme_segments_many(sentences)]
        for name, tokenizer in tokenizers.items():
            pieces, unknown, crossing = _counts(tokenizer, sentences, cuts)
            known = pieces - unknown
            rows.append(StudyRow(name, source, len(sentences), pieces / max(len(sentences), 1),
                                 unknown / max(pieces, 1), crossing / max(known, 1)))
    return rows


def crossing_pieces(text: str, tokenizer) -> list[tuple[str, bool]]:
    """한 문장의 (조각, 형태소 경계를 가로질렀나) 목록. 레슨에서 예를 보여 줄 때 씁니다."""
    cuts = morpheme_cuts(morpheme_segments_many([text])[0])
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    pieces = tokenizer.convert_ids_to_tokens(encoded["input_ids"])
    return [(piece, piece != tokenizer.unk_token and crosses(text, start, end, cuts))
            for piece, (start, end) in zip(pieces, encoded["offset_mapping"])]


STUDY_METRICS = {"pieces_per_sentence": "문장당 조각 수", "unk_rate": "[UNK] 비율",
                 "crossing_rate": "형태소 경계를 가로지른 조각 비율"}


def study_panels(rows: list[StudyRow]) -> dict[str, dict[str, dict[str, float]]]:
    """그림용: {지표 이름: {출처: {토크나이저: 값}}}. ``bertlab.plots.plot_grouped_bars``에 넘깁니다."""
    panels: dict[str, dict[str, dict[str, float]]] = {}
    for field, title in STUDY_METRICS.items():
        for row in rows:
            panels.setdefault(title, {}).setdefault(row.source, {})[row.tokenizer] = getattr(row, field)
    return panels
