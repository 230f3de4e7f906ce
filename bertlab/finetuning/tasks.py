"""과제(task)의 틀과 이름표. 과제 하나 = 데이터 + 모델 헤드 + 손실 + 평가(레슨 11-16, ``finetune``/``evaluate`` 명령).

훈련 루프(``fit``), 배치 흐름(``BatchStream``), 레시피(``finetune``), 내보내기와 명령줄은 모든 과제가 같이 쓰고,
과제마다 다른 것만 ``Task``의 하위 클래스가 채웁니다. 새 과제를 더하는 법은 ``bertlab/finetuning/__init__.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Callable

from bertlab.errors import BertlabError
from bertlab.models.quiet import quiet_transformers  # noqa: F401  (과제 모듈들이 여기서 가져감)

COURSE_CHECKPOINTS = Path(__file__).resolve().parents[1] / "checkpoints"

# 과제 이름 -> "모듈:객체". 불러올 때만 그 모듈을 가져옵니다(명령줄 도움말이 torch를 불러오지 않게).
TASKS = {
    "sentiment": "bertlab.finetuning.classification:SENTIMENT",
    "ner": "bertlab.finetuning.ner:NER",
    "nli": "bertlab.finetuning.pairs:NLI",
    "sts": "bertlab.finetuning.pairs:STS",
    "sbert": "bertlab.sentences.sbert:SBERT",
    "sbert-nli": "bertlab.sentences.sbert_nli:SBERT_NLI",
    "qa": "bertlab.finetuning.qa:QA",
    "chatbot": "bertlab.chatbot.task:CHATBOT",
    "chatbot-encoder": "bertlab.chatbot.encoder_task:CHATBOT_ENCODER",
}


@dataclass(frozen=True)
class TaskDefaults:
    """레슨이 쓰는 기본값(시간 예산 안에서 재어 고른 값). 명령줄 인자나 ``finetune`` 인자로 바꿀 수 있습니다.

    learning_rates: 인코더 이름 -> 학습률. 없는 인코더는 ``"default"``(큰 모델일수록 작은 학습률이 맞습니다).
    """

    base: str = "ko-mini-bert"
    learning_rates: dict[str, float] = field(default_factory=lambda: {"default": 5e-5})
    batch_size: int = 32
    max_length: int = 128
    seconds: float = 60.0               # 레슨(노트북)의 훈련 시간 예산
    eval_every: int = 100               # 단계
    eval_size: int | None = 500         # 훈련 중 검증에 쓰는 예제 수(None이면 검증 세트 전부)

    def learning_rate(self, base: str) -> float:
        return self.learning_rates.get(base, self.learning_rates["default"])


class Task:
    """과제 하나. 하위 클래스가 클래스 속성과 메서드를 채웁니다(``SequenceClassificationTask`` 참고).

    예제는 데이터셋의 ``(입력, 정답)`` 쌍입니다. 토큰화한 예제(feature)는 ``input_ids``가 든 사전입니다.
    """

    name: str = ""
    title: str = ""                      # 한국어 이름(모델 카드·안내)
    dataset: str = ""                    # ``bertlab.datasets.load_dataset`` 이름
    file_format: str = ""                # ``--eval-file``·``--train-file`` 형식 설명(한국어)
    metric: str = "accuracy"             # 최고 모델 고르기와 요약에 쓰는 주 지표
    greater_is_better: bool = True
    defaults: TaskDefaults = TaskDefaults()
    delta_file: str | None = None        # 큰 인코더의 위 층 + 헤드만 저장하는 과제의 가중치 파일(``finetuning.delta``)
    top_layers: int | None = None        # 큰 어휘의 인코더(e5)에서 훈련할 위 층 수(None: 모든 층; ``finetune(top_layers=)``)
    trainable: bool = True               # False: 훈련 없이 이미 있는 인코더로 채점만 하는 과제(검색 챗봇, 레슨 16)
    symmetric: bool = False              # 문장 쌍 (A, B)와 (B, A)의 정답이 늘 같은가(STS; ``finetune --both-orders``)
    train_hint: str = ""                 # 훈련하지 않는 과제에 ``finetune``을 부르면 대신 쓸 것을 알려 주는 말

    def read_file(self, path: str | Path) -> list[tuple]:
        """데이터셋이 공개된 형식의 파일 -> 예제 목록. 틀린 줄은 줄 번호를 말하는 ``BertlabError``."""
        raise NotImplementedError

    def read_train_file(self, path: str | Path) -> list[tuple]:
        """``--train-file``: 훈련 데이터의 공개 형식(기본은 ``read_file``과 같음; NLI로 훈련하는 SBERT는 다름)."""
        return self.read_file(path)

    def load_data(self, source: str = "auto", max_train: int | None = None, seed: int = 0):
        """훈련·검증·평가 세트(``TextDataset``). 기본은 ``load_dataset(self.dataset)``; 훈련과 평가의 데이터가 다른
        과제(NLI로 훈련하고 STS로 재는 SBERT, 레슨 15)는 덮어씁니다."""
        from bertlab.datasets import load_dataset

        return load_dataset(self.dataset, source=source, max_train=max_train, seed=seed)

    def training_module(self, model):
        """``fit``이 훈련할 모듈(옵티마이저와 체크포인트가 보는 파라미터). 기본은 모델 자체.

        손실에 훈련할 부품이 따로 있는 과제(SBERT의 NLI 분류 목표: (u, v, |u-v|) 위의 선형 층)는 모델과 그 부품을
        함께 든 손실 모듈을 돌려줍니다. 그러면 ``loss``와 검증 평가는 이 모듈을 받습니다."""
        return model

    def new_model(self, location: str):
        """사전 훈련된 인코더(``location``: 폴더나 허브 ID)에 이 과제의 헤드를 붙인 float32 모델."""
        raise NotImplementedError

    def load_model(self, location: str):
        """이 과제로 파인 튜닝해 저장한 모델을 float32로 불러옵니다."""
        raise NotImplementedError

    def encode(self, tokenizer, examples: list[tuple], max_length: int) -> list[dict]:
        """예제들 -> 토큰화한 예제들(훈련용: 정답 포함)."""
        raise NotImplementedError

    def collate(self, tokenizer) -> Callable[[list[dict]], dict]:
        """토큰화한 예제 목록 -> 패딩한 텐서 배치."""
        raise NotImplementedError

    def loss(self, model, batch: dict) -> dict:
        """배치 하나의 손실: ``{"loss": 텐서, ...기록할 값}``(``fit``의 ``loss_fn``)."""
        raise NotImplementedError

    def evaluate(self, model, tokenizer, examples: list[tuple], max_length: int, batch_size: int = 64) -> dict:
        """예제들에 대한 지표 사전(``metric`` 포함)."""
        raise NotImplementedError

    def evaluate_main(self, args) -> int | None:
        """``evaluate`` 명령을 과제가 직접 맡으면 종료 코드, 아니면 None(공용 경로: ``--model`` -> 평가 세트 -> 지표)."""
        return None

    def check_trainable(self) -> None:
        """훈련하지 않는 과제면 한국어 ``BertlabError``(``finetune``과 ``python -m bertlab finetune``이 부름)."""
        if not self.trainable:
            raise BertlabError(f"'{self.name}'은(는) 훈련하는 과제가 아니라 이미 있는 인코더로 채점만 합니다.",
                               hint=self.train_hint or None)

    def saves_delta(self, model) -> bool:
        """내보낼 때 훈련한 가중치만(델타) 저장할지: ``delta_file``이 있고 얼린 파라미터가 있으면(예: e5의 아래층)."""
        return self.delta_file is not None and any(not p.requires_grad for p in model.parameters())

    def load_tokenizer(self, location: str):
        """내보낸 폴더의 토크나이저(SBERT처럼 바뀐 가중치만 저장하는 과제는 기반 인코더의 것)."""
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(location)

    def save_tokenizer(self, tokenizer, out: Path) -> None:
        tokenizer.save_pretrained(out)

    def course_checkpoint(self) -> Path:
        """강의가 더 오래 훈련해 저장소에 넣은 모델의 폴더(``evaluate --model course``)."""
        return COURSE_CHECKPOINTS / self.name

    def __repr__(self) -> str:
        return f"<과제 {self.name}: {self.title}>"


def task_names() -> list[str]:
    return list(TASKS)


def get_task(task: str | Task) -> Task:
    """과제 이름(또는 ``Task``) -> ``Task``. 모르는 이름이면 있는 이름을 알려 주는 한국어 오류."""
    if isinstance(task, Task):
        return task
    if task not in TASKS:
        raise BertlabError(f"'{task}'라는 파인 튜닝 과제는 없습니다.", hint=f"있는 과제: {', '.join(TASKS)}")
    module, attribute = TASKS[task].split(":")
    return getattr(import_module(module), attribute)
