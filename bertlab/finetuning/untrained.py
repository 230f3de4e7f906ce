"""훈련 전 모델(레슨 11-14의 "훈련 전" 열): 사전 훈련한 인코더 + 시드로 초기화한 새 과제 헤드.

파인 튜닝이 무엇을 바꿨는지 보려면 **출발점**을 나란히 놓아야 합니다. ``finetune(task, seed=0)``은 같은 인코더에
같은 시드로 헤드를 초기화한 뒤 훈련하므로, ``untrained_model(task, seed=0)``은 그 훈련의 첫 단계 직전 모델과 같습니다.
위젯(태그 뷰어, 쌍 시험기, 질의응답 뷰어)은 ``FineTuned``를 받으므로 같은 모양으로 돌려줍니다.
"""

from __future__ import annotations

from bertlab.finetuning.recipe import FineTuned, _model_and_tokenizer
from bertlab.finetuning.tasks import Task, get_task


def untrained_model(task: str | Task, base: str | None = None, seed: int = 0) -> FineTuned:
    """과제 이름 -> 훈련 전 ``FineTuned``(평가 모드, ``result``와 ``data``는 None). ``base``: 인코더(기본은 과제의 기본값)."""
    task = get_task(task)
    base = base or task.defaults.base
    model, tokenizer = _model_and_tokenizer(task, base, seed)
    model.eval()
    return FineTuned(task, model, tokenizer, None, base, None,
                     {"max_length": task.defaults.max_length, "seed": seed, "untrained": True})
