"""SBERT: 인코더 하나로 두 문장을 **따로** 읽어 벡터 둘을 비교합니다(시아미즈, siamese). 레슨 15, 과제 ``sbert``.

레슨 13의 교차 인코더는 ``[CLS] A [SEP] B [SEP]``를 한 줄로 읽어 점수를 냈습니다. SBERT는 A와 B를 같은 인코더에
따로 넣고 평균 풀링한 벡터 u, v의 코사인을 유사도로 씁니다. 문장 벡터를 한 번 만들어 두면 몇만 문장과도 내적
한 번으로 비교할 수 있습니다(레슨 16의 챗봇).

훈련은 ``sentence-transformers``의 모델(``SentenceTransformer``: Transformer + Pooling)과 손실
(``CosineSimilarityLoss``: cos(u, v)와 점수/5의 평균 제곱 오차)을 쓰고, 루프는 다른 과제와 같은 ``fit``입니다.
같은 손실을 torch 몇 줄로 쓴 것은 ``losses.py``(레슨이 보여 주고 테스트가 라이브러리와 맞춰 봄).
"""

from __future__ import annotations

from pathlib import Path

import torch

from bertlab.datasets import read_sts
from bertlab.finetuning import Task, TaskDefaults, delta, pearson, spearman
from bertlab.finetuning.delta import TOP_LAYERS   # 큰 인코더는 위 4개 층만 훈련(저장소 20 MB 한도: e5 4층 = 14 MB)

DELTA_FILE = "sbert_trained.safetensors"   # 훈련한 가중치만(float16, ``bertlab.finetuning.delta``); 이름은 강의 모델과 같게


def _model_class():
    from sentence_transformers import SentenceTransformer

    class SBERTModel(SentenceTransformer):
        """``SentenceTransformer`` + 단어 임베딩 표를 꺼내는 ``get_input_embeddings``(``finetune``이 큰 어휘를 얼릴 때)."""

        def get_input_embeddings(self):
            return self[0].auto_model.get_input_embeddings()

        def save_pretrained(self, out, state_dict=None):
            """훈련한(``requires_grad``) 가중치만 float16으로 ``DELTA_FILE``에(``delta.save_delta``)."""
            delta.save_delta(self, out, state_dict, DELTA_FILE)

    return SBERTModel


def freeze_lower_layers(model, top_layers: int = TOP_LAYERS) -> int:
    """큰 인코더(예: e5)는 위 ``top_layers``개 층만 훈련하게 얼립니다(``delta.freeze_lower_layers``). 훈련할 파라미터 수."""
    return delta.freeze_lower_layers(model, model[0].auto_model, top_layers)


def new_sbert(location: str, max_length: int = 64, pooling: str = "mean"):
    """사전 훈련한 인코더 폴더 -> float32 SBERT 모델(Transformer + 평균 풀링)."""
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer

    from bertlab.finetuning import quiet_transformers

    with quiet_transformers():
        transformer = Transformer(location, max_seq_length=max_length, model_kwargs={"dtype": torch.float32})
    pool = Pooling(transformer.get_embedding_dimension(), pooling_mode=pooling)
    return _model_class()(modules=[transformer, pool], device="cpu")


class SBERTTask(Task):
    """KorSTS 쌍으로 SBERT 훈련: 회귀 목표 ``CosineSimilarityLoss``(cos(u, v) vs 점수/5). 평가: 코사인의 스피어먼."""

    name = "sbert"
    title = "문장 임베딩(SBERT: 코사인 유사도 회귀)"
    dataset = "sts"
    file_format = "KorSTS TSV(머리줄 genre filename year id score sentence1 sentence2, score 0-5)"
    metric = "spearman"
    defaults = TaskDefaults(base="ko-mini-bert", learning_rates={"ko-mini-bert": 2e-4, "default": 3e-5},
                            batch_size=32, max_length=64, seconds=60.0, eval_every=50, eval_size=None)

    def read_file(self, path: str | Path) -> list[tuple]:
        return read_sts(path)

    def new_model(self, location: str):
        model = new_sbert(location, self.defaults.max_length)
        freeze_lower_layers(model)
        return model

    delta_file = DELTA_FILE

    def saves_delta(self, model) -> bool:
        """SBERT는 늘 훈련한 가중치만 저장합니다(작은 인코더면 그 전부; ``SentenceTransformer`` 폴더 형식은 쓰지 않음)."""
        return True

    def load_model(self, location: str):
        """내보낸 폴더 = 기반 인코더(``finetune.json``의 ``base``) + 훈련한 가중치(``DELTA_FILE``)."""
        return delta.load_delta(self.new_model(delta.base_location(location)), location, DELTA_FILE)

    def load_tokenizer(self, location: str):
        """토크나이저는 기반 인코더의 것(내보낸 폴더에는 저장하지 않음; e5의 토크나이저만 9 MB)."""
        from transformers import AutoTokenizer

        return AutoTokenizer.from_pretrained(delta.base_location(location))

    def encode(self, tokenizer, examples: list[tuple], max_length: int) -> list[dict]:
        """쌍마다 두 문장을 **따로** 토큰화: A는 ``input_ids``(길이로 묶는 기준), B는 ``b_input_ids``."""
        firsts = tokenizer([a for (a, _), _ in examples], truncation=True, max_length=max_length)
        seconds = tokenizer([b for (_, b), _ in examples], truncation=True, max_length=max_length)
        return [{"input_ids": firsts["input_ids"][i], "b_input_ids": seconds["input_ids"][i],
                 "labels": self.label_value(label)} for i, (_, label) in enumerate(examples)]

    def label_value(self, label):
        """예제의 정답 -> 손실이 받는 값(STS: 0-5점 float; NLI 과제는 클래스 번호, 챗봇 과제는 쓰지 않음)."""
        return float(label)

    def collate(self, tokenizer):
        def collate(features: list[dict]) -> dict:
            pad = lambda key: tokenizer.pad({"input_ids": [f[key] for f in features]}, return_tensors="pt")  # noqa: E731
            return {"a": dict(pad("input_ids")), "b": dict(pad("b_input_ids")),
                    "labels": torch.tensor([f["labels"] for f in features])}
        return collate

    def loss(self, model, batch: dict) -> dict:
        from sentence_transformers.sentence_transformer.losses import CosineSimilarityLoss

        loss_fn = CosineSimilarityLoss(model)               # mean((cos(u, v) - 점수/5)^2)
        return {"loss": loss_fn([batch["a"], batch["b"]], batch["labels"] / 5.0)}

    def evaluate(self, model, tokenizer, examples: list[tuple], max_length: int, batch_size: int = 64) -> dict:
        """코사인과 사람 점수의 스피어먼·피어슨."""
        from bertlab.sentences.vectors import sts_cosines

        model.eval()
        cosines = sts_cosines(model, [pair for pair, _ in examples], batch_size)
        gold = torch.tensor([float(score) for _, score in examples])
        return {"spearman": spearman(cosines, gold), "pearson": pearson(cosines, gold), "examples": len(examples)}


SBERT = SBERTTask()
