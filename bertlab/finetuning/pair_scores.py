"""문장 쌍 채점(레슨 13의 쌍 시험기 ``bertlab.widgets.pair_tester``가 부르는 계산): 두 문장 -> NLI 확률과 STS 점수.

- ``check_pair(a, b)``: 입력 검사. 문자열이 아니거나 비었으면 한국어 ``BertlabError``; 아주 긴 문장(5,000자 등)은
  그대로 받되 모델의 최대 길이에서 잘린다고 안내(``notices``)합니다. 이모지·한자는 그대로(모르는 조각은 ``[UNK]``).
- ``score_pair(models, a, b)``: ``{이름: FineTuned}``의 모델마다 결과 하나(``PairAnswer``). NLI 모델이면 세 확률,
  STS 모델이면 0-5 점수. 한 모델이 실패해도 다른 모델의 결과는 나옵니다(그 모델 칸에 한국어 이유).
- ``swap_effect(finetuned, a, b)``: A와 B를 바꿔 넣었을 때의 결과 차이(쌍 입력은 순서가 있는 입력입니다).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from bertlab.errors import BertlabError

LONG_INPUT = 1000   # 이보다 긴 문장은 모델이 앞부분만 본다고 안내(글자 수)


def check_pair(a, b) -> tuple[str, str, list[str]]:
    """두 문장을 검사해 (A, B, 안내 목록). 문장이 아니거나 비었으면 한국어 오류."""
    notices = []
    cleaned = []
    for name, text in (("첫 문장(A)", a), ("둘째 문장(B)", b)):
        if not isinstance(text, str):
            raise BertlabError(f"{name}은 문자열이어야 합니다(받은 것: {type(text).__name__}).",
                               hint='따옴표로 감싼 문장을 주세요. 예: "비가 온다"')
        text = " ".join(text.split())
        if not text:
            raise BertlabError(f"{name}이 비어 있습니다. 두 문장을 모두 입력하세요.")
        if len(text) > LONG_INPUT:
            notices.append(f"{name}이 {len(text):,}자로 깁니다. 모델은 최대 길이까지만 보고 나머지는 자릅니다"
                           "(더 긴 문장부터 자름: longest_first).")
        cleaned.append(text)
    return cleaned[0], cleaned[1], notices


@dataclass
class PairAnswer:
    """모델 하나의 결과. NLI면 ``probabilities``(라벨 -> 확률), STS면 ``score``(0-5). 실패하면 ``error``."""

    label: str
    task: str
    probabilities: dict[str, float] = field(default_factory=dict)
    score: float | None = None
    error: str = ""


def _answer(label: str, finetuned, a: str, b: str) -> PairAnswer:
    task = finetuned.task
    max_length = finetuned.settings.get("max_length", task.defaults.max_length)
    if task.name == "sts":
        score = task.predict(finetuned.model, finetuned.tokenizer, [(a, b)], max_length)[0].item()
        return PairAnswer(label, task.name, score=score)
    probabilities = task.predict(finetuned.model, finetuned.tokenizer, [(a, b)], max_length)[0]   # (클래스 수,)
    return PairAnswer(label, task.name, probabilities=dict(zip(task.labels, probabilities.tolist())))


def score_pair(models: dict, a, b) -> tuple[list[PairAnswer], list[str]]:
    """``models``: {보일 이름: FineTuned 또는 못 불러온 이유(str)}. -> (모델별 결과, 입력 안내)."""
    a, b, notices = check_pair(a, b)
    answers = []
    for label, finetuned in models.items():
        if isinstance(finetuned, str):
            answers.append(PairAnswer(label, "", error=finetuned))
            continue
        try:
            answers.append(_answer(label, finetuned, a, b))
        except Exception as exc:  # noqa: BLE001  (한 모델의 실패가 위젯 전체를 멈추지 않게)
            answers.append(PairAnswer(label, finetuned.task.name, error=f"이 모델로 채점하지 못했습니다({type(exc).__name__})."))
    return answers, notices


def swap_effect(finetuned, a: str, b: str) -> dict:
    """(A, B)와 (B, A)의 결과. NLI: 두 확률 벡터와 최대 차이, STS: 두 점수와 차이."""
    forward = _answer("A, B", finetuned, *check_pair(a, b)[:2])
    backward = _answer("B, A", finetuned, *check_pair(b, a)[:2])
    if forward.score is not None:
        return {"forward": forward.score, "backward": backward.score,
                "difference": abs(forward.score - backward.score)}
    difference = max(abs(forward.probabilities[k] - backward.probabilities[k]) for k in forward.probabilities)
    return {"forward": forward.probabilities, "backward": backward.probabilities, "difference": difference}


def segment_table(tokenizer, a: str, b: str, max_length: int = 128) -> list[dict]:
    """쌍 입력을 토큰마다 (위치, 토큰, id, token_type_id)로. 레슨 13의 표."""
    encoded = tokenizer(a, b, truncation="longest_first", max_length=max_length)
    tokens = tokenizer.convert_ids_to_tokens(encoded["input_ids"])
    return [{"위치": i, "토큰": token, "id": token_id, "token_type_id": segment}
            for i, (token, token_id, segment) in enumerate(zip(tokens, encoded["input_ids"], encoded["token_type_ids"]))]


def predictions_and_gold(finetuned, examples: list[tuple]) -> tuple[torch.Tensor, torch.Tensor]:
    """STS 모델의 예측 점수와 정답 (N,), (N,): 산점도용."""
    task = finetuned.task
    pairs = [pair for pair, _ in examples]
    predicted = task.predict(finetuned.model, finetuned.tokenizer, pairs, finetuned.settings.get("max_length", 96))
    return predicted, torch.tensor([float(label) for _, label in examples])
