"""강의 모델의 카드 읽기(레슨 11-14): 저장소의 강의 모델이 무엇을, 얼마나 훈련해 어떤 점수를 냈는지.

레슨의 60초 라이브 훈련은 작은 ``ko-mini-bert``로 하고, 위젯에 나오는 강의 모델은 더 큰 인코더(multilingual-e5-small)를
CPU에서 더 오래 훈련한 것입니다(``python -m bertlab finetune``, 모델 카드 ``bertlab/checkpoints/<과제>/README.md``).
레슨은 숫자를 글에 적지 않고 이 모듈로 카드(``finetune.json``)를 읽어 라이브 결과와 나란히 보여 줍니다.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bertlab.finetuning.tasks import get_task

BASE_NAMES = {"multilingual-e5-small": "multilingual-e5-small(12층, H=384, 약 1억 1,800만 개 중 단어 임베딩 9,600만)",
              "ko-mini-bert": "ko-mini-bert(4층, H=256, 약 735만 개)"}


@dataclass
class CourseCard:
    """강의 모델 하나의 요약. ``test``·``validation``: 지표 사전(평가 세트 / 검증 세트에서 가장 좋았던 단계)."""

    task: str
    metric: str
    base: str
    trained_part: str
    train_examples: int
    steps: int
    epochs: float | None
    minutes: float
    validation: dict
    test: dict

    @property
    def score(self) -> float:
        return self.test[self.metric]

    def summary(self, live: dict[str, float] | None = None) -> str:
        """카드 요약 몇 줄. live: ``{"이 노트북(60초, ko-mini-bert)": 점수}``이면 같은 지표로 나란히 적습니다."""
        epochs = f"{self.epochs:g}에포크, " if self.epochs else ""
        lines = [f"강의 모델({self.task}): {BASE_NAMES.get(self.base, self.base)}",
                 f"  훈련: 예제 {self.train_examples:,}개로 {self.steps:,}단계({epochs}CPU 2코어에서 약 {self.minutes:.0f}분), "
                 f"{self.trained_part}",
                 f"  평가 세트 {self.metric}: {self.score:.3f}"]
        for name, value in (live or {}).items():
            lines.append(f"  {name} {self.metric}: {value:.3f}  (강의 모델과의 차이 {self.score - value:+.3f})")
        return "\n".join(lines)


def course_card(task: str) -> CourseCard | None:
    """과제 이름 -> 저장소의 강의 모델 카드 요약(폴더가 없으면 None)."""
    from bertlab.finetuning.export import INFO_FILE, trained_part

    found = get_task(task)
    path = found.course_checkpoint() / INFO_FILE
    if not path.is_file():
        return None
    info = json.loads(path.read_text(encoding="utf-8"))
    training = info.get("training") or {}
    seconds = (training.get("train_seconds") or 0) + (training.get("eval_seconds") or 0) + \
        (training.get("cache_seconds") or 0)
    best = info.get("best_validation") or {}
    return CourseCard(found.name, found.metric, info.get("base", "?"), trained_part(training),
                      (info.get("data") or {}).get("train", 0), training.get("steps", 0), training.get("epochs"),
                      seconds / 60, {k[5:]: v for k, v in best.items() if k.startswith("eval_")},
                      next(iter((info.get("scores") or {}).values()), {}))
