"""글자별 BIO 태그 <-> 토큰 조각별 레이블 맞추기(정렬), 그리고 개체 단위 채점. 레슨 12, 과제 ``ner``.

KLUE-NER의 정답은 글자마다 있고 모델은 토큰 조각(piece)마다 하나를 예측합니다. 그 사이를 빠른 토크나이저의
``offset_mapping``(조각마다 원문에서의 ``(시작, 끝)`` 글자 위치)이 잇습니다.

- 글자 -> 조각(``align_tags``): 조각은 **첫 글자**(앞의 공백은 건너뜀)의 태그를 받습니다. 특수 토큰(``[CLS]``,
  ``[SEP]``: 위치 ``(0, 0)``)과, 한 글자를 여러 바이트 조각으로 나눈 경우의 뒤 조각은 ``None``(손실에서는
  ``IGNORE = -100``)입니다. 개체가 조각 중간에서 시작해 첫 조각이 ``I-``를 받게 되면 ``B-``로 고쳐 BIO를 지킵니다.
- 조각 -> 글자(``tags_from_pieces``): 예측한 조각 태그를 개체(B- 하나 + 이어지는 같은 종류의 I-)로 묶고, 첫 조각의
  시작부터 마지막 조각의 끝까지를 그 개체의 글자 구간으로 칠합니다(개체 안의 공백 포함, 양끝 공백은 뺌).
- 채점(``entity_scores``): 글자 태그 위에서 ``seqeval``로 개체 단위 정밀도·재현율·F1(KLUE의 방식). 토큰 정확도와
  달리 개체의 경계와 종류가 모두 맞아야 맞힌 것으로 칩니다.
"""

from __future__ import annotations

from collections import Counter

IGNORE = -100  # 손실이 건너뛰는 레이블(PyTorch CrossEntropyLoss의 ignore_index 기본값)


def _kind(tag: str) -> str | None:
    return None if tag == "O" else tag[2:]


def first_pieces(offsets) -> list[bool]:
    """조각마다 '태그를 받는 조각인가': 특수 토큰·패딩(빈 구간)과 앞 조각과 같은 글자에서 시작하는 조각은 아님."""
    keep, previous = [], None
    for start, end in offsets:
        keep.append(end > start and start != previous)
        if end > start:
            previous = start
    return keep


def align_tags(text: str, char_tags, offsets) -> list[str | None]:
    """글자별 태그 -> 조각별 태그(태그를 받지 않는 조각은 ``None``). ``offsets``: 조각마다 ``(시작, 끝)``."""
    labels, previous_kind = [], None
    for (start, end), keep in zip(offsets, first_pieces(offsets)):
        if not keep:
            labels.append(None)
            continue
        first = start
        while first < end - 1 and text[first].isspace():  # SentencePiece의 '▁'처럼 공백을 품은 조각
            first += 1
        tag = char_tags[first]
        if tag.startswith("I-") and previous_kind != tag[2:]:
            tag = "B-" + tag[2:]   # 개체가 이 조각 앞 조각의 중간에서 시작함: 모델에게는 이 조각이 첫 조각
        labels.append(tag)
        previous_kind = _kind(tag)
    return labels


def tags_from_pieces(text: str, offsets, piece_tags) -> list[str]:
    """조각별 예측 태그 -> 글자별 태그. ``first_pieces``가 아닌 조각의 태그는 무시합니다."""
    return tags_from_spans(len(text), [(s, e, kind) for s, e, kind, _ in piece_spans(text, offsets, piece_tags)])


def piece_spans(text: str, offsets, piece_tags, scores=None) -> list[tuple[int, int, str, list]]:
    """조각 태그 -> 개체 ``(글자 시작, 글자 끝, 종류, 그 개체 조각들의 점수 목록)``. 양끝 공백은 뺍니다."""
    spans, current = [], None
    scores = scores if scores is not None else [None] * len(piece_tags)
    for (start, end), keep, tag, score in zip(offsets, first_pieces(offsets), piece_tags, scores):
        if not keep:
            if current is not None and end > start:
                current[1] = max(current[1], end)  # 같은 글자의 뒤 바이트 조각
            continue
        kind = None if tag is None or tag == "O" else tag[2:]
        if kind is not None and tag.startswith("I-") and current is not None and current[2] == kind:
            current[1] = end
            current[3].append(score)
            continue
        if current is not None:
            spans.append(current)
        current = [start, end, kind, [score]] if kind is not None else None
    if current is not None:
        spans.append(current)
    out = []
    for start, end, kind, piece_scores in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append((start, end, kind, piece_scores))
    return out


def tags_from_spans(length: int, spans) -> list[str]:
    """개체 ``(시작, 끝, 종류)`` 목록 -> 길이 ``length``의 글자별 BIO 태그."""
    tags = ["O"] * length
    for start, end, kind in spans:
        tags[start] = "B-" + kind
        tags[start + 1:end] = ["I-" + kind] * (end - start - 1)
    return tags


def entity_scores(gold: list[list[str]], predicted: list[list[str]]) -> dict:
    """글자 태그 목록들 -> 개체 단위 정밀도·재현율·F1(마이크로 평균, ``f1_macro``는 종류별 F1의 평균)과 종류별 F1."""
    from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

    report = classification_report(gold, predicted, output_dict=True, zero_division=0)
    scores = {"f1": f1_score(gold, predicted, zero_division=0),
              "precision": precision_score(gold, predicted, zero_division=0),
              "recall": recall_score(gold, predicted, zero_division=0),
              "f1_macro": report.get("macro avg", {}).get("f1-score", 0.0)}
    for kind, row in sorted(report.items()):
        if " avg" not in kind:
            scores[f"f1_{kind}"] = row["f1-score"]
    return {k: float(v) for k, v in scores.items()}


def type_confusion(gold: list[list[str]], predicted: list[list[str]]) -> Counter:
    """개체 종류 사이의 혼동: ``Counter[(정답 종류, 예측 종류)]``. 정답 개체와 겹치는 예측이 없으면 예측 종류는
    ``"놓침"``, 어떤 정답과도 겹치지 않는 예측 개체는 정답 종류가 ``"없음"``입니다(경계가 달라도 겹치면 짝)."""
    from bertlab.datasets import spans_of

    counts = Counter()
    for gold_tags, predicted_tags in zip(gold, predicted):
        gold_spans, predicted_spans = spans_of(gold_tags), spans_of(predicted_tags)
        matched = set()
        for start, end, kind in gold_spans:
            overlapping = [i for i, (s, e, _) in enumerate(predicted_spans) if s < end and start < e]
            if not overlapping:
                counts[kind, "놓침"] += 1
                continue
            best = max(overlapping, key=lambda i: min(end, predicted_spans[i][1]) - max(start, predicted_spans[i][0]))
            matched.update(overlapping)
            counts[kind, predicted_spans[best][2]] += 1
        for i, (_, _, kind) in enumerate(predicted_spans):
            if i not in matched:
                counts["없음", kind] += 1
    return counts
