"""내 문장의 감성 확률을 여러 모델로 나란히: 레슨 11의 위젯(``bertlab.widgets.sentiment_playground``)이 쓰는 계산.

``read_sentence(text, models)``는 어떤 입력에도 예외 없이 ``SentenceReading``을 돌려줍니다. 빈 입력, 글자가 아닌
값은 한국어 ``error``로, 너무 긴 글(앞부분만 읽음), 모델 어휘에 없는 글자(이모지·드문 한자 -> ``[UNK]``)는 한국어
``notes``로 알립니다. 모델은 ``{이름: (모델, 토크나이저)}``이고 과제는 문장 분류(``SequenceClassificationTask``)입니다.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch

from bertlab.errors import josa
from bertlab.finetuning.classification import SENTIMENT, SequenceClassificationTask
from bertlab.finetuning.tasks import quiet_transformers

MAX_CHARS = 1000  # 이보다 긴 글은 앞부분만 토크나이저에 넘김(어차피 모델은 max_length 토큰만 읽음)


@dataclass
class SentenceReading:
    """한 문장의 결과. probabilities: {모델 이름: 클래스 확률 (C,)}. error가 있으면 확률은 비어 있습니다."""

    text: str
    labels: tuple[str, ...]
    probabilities: dict[str, torch.Tensor] = field(default_factory=dict)
    tokens: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None

    def verdict(self, name: str) -> str:
        """모델 하나의 한 줄 판정(예: "긍정 0.93")."""
        probs = self.probabilities[name]
        best = int(probs.argmax())
        return f"{self.labels[best]} {float(probs[best]):.2f}"


def read_sentence(text, models: dict[str, tuple], task: SequenceClassificationTask = SENTIMENT,
                  max_length: int | None = None) -> SentenceReading:
    """문장 하나 -> 모델마다 클래스 확률과 한국어 안내. 어떤 입력에도 예외를 내지 않습니다."""
    labels = tuple(task.labels)
    if not isinstance(text, str):
        given = josa(f"`{type(text).__name__}`", "이/가")
        return SentenceReading(str(text)[:50], labels, error=f"문장은 글자(str)로 주세요({given} 왔습니다).")
    if not text.strip():
        return SentenceReading(text, labels, error="빈 문장입니다. 영화 리뷰처럼 한 문장을 써 보세요.")
    if not models:
        return SentenceReading(text, labels, error="비교할 모델이 없습니다.")
    max_length = max_length or task.defaults.max_length
    notes = []
    shown = " ".join(text.split())
    if len(shown) > MAX_CHARS:
        notes.append(f"글이 {len(shown):,}자로 깁니다. 앞 {MAX_CHARS:,}자만 토큰으로 나눕니다.")
        shown = shown[:MAX_CHARS]
    tokenizer = next(iter(models.values()))[1]
    with quiet_transformers():   # 긴 글의 '최대 길이보다 길다' 경고 대신 아래의 한국어 안내
        pieces = tokenizer.tokenize(shown)
    if len(pieces) > max_length - 2:
        notes.append(f"토큰이 {len(pieces):,}개입니다. 모델은 앞의 {max_length - 2}개(+[CLS], [SEP])만 읽습니다.")
    unknown = sum(piece == tokenizer.unk_token for piece in pieces)
    if pieces and unknown == len(pieces):
        notes.append("모든 토큰이 [UNK]입니다(모델 어휘에 없는 글자: 이모지, 드문 한자, 또는 띄어쓰기 없이 너무 긴 "
                     "낱말). 아래 확률은 글의 뜻이 아니라 '모르는 글자'에 대한 모델의 버릇일 뿐입니다.")
    elif unknown:
        notes.append(f"토큰 {len(pieces)}개 가운데 {unknown}개가 [UNK](모델 어휘에 없는 글자)입니다. 그 부분의 뜻은 "
                     "모델이 보지 못합니다.")
    if any("\u4e00" <= ch <= "\u9fff" for ch in shown):
        notes.append("한자가 섞여 있습니다. 훈련한 영화 리뷰에는 한자가 드물어, 모델은 한자의 뜻을 거의 배우지 "
                     "못했습니다. 한글로 바꿔 써 보세요.")
    reading = SentenceReading(text, labels, tokens=pieces[:max_length - 2], notes=notes)
    previous = torch.get_num_threads()
    torch.set_num_threads(1)   # 문장 하나와 작은 모델: 스레드 하나가 더 빠름(CPU를 나눠 쓸 때는 몇 배)
    try:
        for name, (model, model_tokenizer) in models.items():
            reading.probabilities[name] = task.predict(model, model_tokenizer, [shown], max_length)[0]   # (C,)
    finally:
        torch.set_num_threads(previous)
    return reading
