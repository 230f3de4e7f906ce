"""ko-mini-bert에 관한 사실(훈련 시간, 평가용 리뷰 정확도)의 단 하나의 출처.

값은 모델 카드 폴더의 ``facts.json``에 있고, 레슨 07·08은 이 모듈로 읽어 보여 줍니다. README와 모델 카드
(``bertlab/checkpoints/ko-mini-bert/README.md``)가 같은 값을 쓰는지는 ``tests/test_model_card_facts.py``가 확인합니다.

정확도는 두 가지를 구별합니다(같은 리뷰, 같은 시드로 같은 자리를 고름).

- **사전 훈련 목표 정확도**: 고른 자리를 훈련 때처럼 80% [MASK], 10% 무작위, 10% 그대로 두고 잰 top-1. 그대로 둔
  10%는 답이 보이는 자리라 거의 다 맞으므로 "빈칸을 맞힌 비율"보다 높게 나옵니다.
- **빈칸 채우기 정확도**: 고른 자리를 모두 [MASK]로 바꾸고 잰 top-1. 학생이 떠올리는 "빈칸을 맞힌 비율"입니다.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

FACTS_FILE = Path(__file__).resolve().parent.parent / "checkpoints" / "ko-mini-bert" / "facts.json"


def _minutes_korean(minutes: float) -> str:
    """7.5 -> "7분 반", 8 -> "8분"."""
    whole = int(minutes)
    return f"{whole}분 반" if minutes - whole == 0.5 else f"{minutes:g}분"


@dataclass(frozen=True)
class KoMiniBertFacts:
    cpu_cores: int
    cpu_hours: float
    gpu: str
    gpu_minutes: float
    steps: int
    heldout_reviews: int
    chosen_positions: int
    objective_top1: float
    objective_top1_se: float
    objective_top5: float
    blank_top1: float
    blank_top1_se: float
    blank_top5: float
    target_objective_top1: float

    def training_phrase(self) -> str:
        """"2코어 CPU로 약 18시간, 이어서 GPU로 7분 반"."""
        return (f"{self.cpu_cores}코어 CPU로 약 {self.cpu_hours:g}시간, "
                f"이어서 GPU로 {_minutes_korean(self.gpu_minutes)}")

    def accuracy_lines(self) -> list[str]:
        """평가용 리뷰에서 잰 두 정확도를 한국어 두 줄로."""
        where = f"평가용 리뷰 {self.heldout_reviews:,}개(고른 자리 {self.chosen_positions:,}개)"
        return [
            f"빈칸 채우기 정확도(고른 자리를 모두 [MASK]로): top-1 {self.blank_top1:.3f}, top-5 {self.blank_top5:.3f}",
            f"사전 훈련 목표 정확도(80/10/10 그대로): top-1 {self.objective_top1:.3f}, "
            f"top-5 {self.objective_top5:.3f}  — {where}",
        ]

    def summary(self) -> str:
        return "\n".join([f"ko-mini-bert: {self.training_phrase()} 훈련({self.steps:,}단계)", *self.accuracy_lines()])


def ko_mini_bert_facts(path: str | Path = FACTS_FILE) -> KoMiniBertFacts:
    """``facts.json``을 읽습니다(레슨 07·08, README, 모델 카드가 같은 값을 씀)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return KoMiniBertFacts(**{name: data[name] for name in KoMiniBertFacts.__dataclass_fields__})
