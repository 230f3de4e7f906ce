"""챗봇의 대답과 채점(레슨 16): ``reply``(가장 비슷한 질문의 답, 문턱값 아래면 "모르겠어요"), top-k 답 정확도.

정확도는 **답**으로 셉니다: 같은 답을 가진 질문이 많으므로(11,823개 질문에 답은 7,779가지) 찾은 질문의 답이 정답
행의 답과 같으면 맞힌 것입니다.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from bertlab.errors import InputError, has_hangul

DONT_KNOW = "잘 모르겠어요. 다르게 한번 말해 주시겠어요?"
MAX_QUERY = 200        # 이보다 긴 글은 앞부분만(챗봇 질문은 짧음)


def check_query(query) -> tuple[str, list[str]]:
    """사용자 입력 -> (쓸 질문, 한국어 안내들). 문자열이 아니거나 비었으면 ``InputError``."""
    if not isinstance(query, str):
        raise InputError(f"질문은 글자(문자열)로 주세요(받은 값의 종류: {type(query).__name__}).")
    text = " ".join(query.split())
    if not text:
        raise InputError("질문이 비어 있습니다. 하고 싶은 말을 적어 주세요.")
    notices = []
    if len(text) > MAX_QUERY:
        notices.append(f"{len(text):,}자짜리 글이라 앞 {MAX_QUERY}자만 읽었어요.")
        text = text[:MAX_QUERY]
    if not has_hangul(text):
        notices.append("한글이 없는 질문이에요. 이 챗봇은 한국어 대화로 만들어져 엉뚱한 답이 나올 수 있어요.")
    return text, notices


@dataclass
class Reply:
    """대답 하나. ``candidates``: top-k ``(답, 찾은 질문, 코사인)``, ``known``: 1등 점수가 문턱값 이상인지."""

    query: str
    answer: str
    candidates: list[tuple[str, str, float]]
    known: bool
    threshold: float
    notices: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return self.candidates[0][2]

    @property
    def matched(self) -> str:
        return self.candidates[0][1]


def reply(index, query, k: int = 3, threshold: float = 0.0) -> Reply:
    """질문 -> ``Reply``. 1등 코사인이 ``threshold`` 아래면 답 대신 ``DONT_KNOW``(후보는 그대로 보여 줌)."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not -1 <= threshold <= 1:
        raise InputError(f"문턱값은 -1에서 1 사이의 수여야 합니다(받은 값: {threshold!r}).")
    text, notices = check_query(query)
    candidates = _distinct_candidates(index, text, k)
    known = candidates[0][2] >= threshold
    return Reply(text, candidates[0][0] if known else DONT_KNOW, candidates, known, float(threshold), notices)


def _distinct_candidates(index, text: str, k: int) -> list[tuple[str, str, float]]:
    """상위 ``k``개 ``(답, 질문, 코사인)``. ChatbotData에는 같은 질문-답 쌍이 여러 행에 들어 있기도 해서(같은 벡터,
    같은 코사인), 같은 쌍은 한 번만 남기고 다음 행으로 채웁니다."""
    pairs = index.pairs
    scores = index.scores([text])[0]                                          # (N,) 코사인
    candidates, seen = [], set()
    for row in torch.argsort(scores, descending=True).tolist():
        pair = (pairs.answers[row], pairs.questions[row])
        if pair not in seen:
            seen.add(pair)
            candidates.append((*pair, float(scores[row])))
            if len(candidates) == max(1, int(k)):
                break
    return candidates


def retrieval_accuracy(index, examples: list[tuple[str, int]], ks=(1, 5), batch_size: int = 256) -> dict:
    """바꿔 말하기 ``[(질문, 정답 행)]`` -> top-k 답 정확도 ``{"top1": …, "top5": …, "examples": n}``."""
    pairs = index.pairs
    answer_id = {a: i for i, a in enumerate(dict.fromkeys(pairs.answers))}
    answers = torch.tensor([answer_id[a] for a in pairs.answers])                # (N,) 답 번호
    k = max(ks)
    hits = {f"top{j}": 0 for j in ks}
    for start in range(0, len(examples), batch_size):
        chunk = examples[start:start + batch_size]
        _, rows = index.search([q for q, _ in chunk], k)                         # (B, k)
        gold = answers[torch.tensor([r for _, r in chunk])]                       # (B,)
        found = answers[rows] == gold[:, None]                                    # (B, k)
        for j in ks:
            hits[f"top{j}"] += int(found[:, :j].any(-1).sum())
    return {**{name: count / len(examples) for name, count in hits.items()}, "examples": len(examples)}
