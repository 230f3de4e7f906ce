"""문장 쌍 과제(레슨 13): NLI(함의·중립·모순 분류, 과제 ``nli``)와 STS(0-5 유사도 회귀, 과제 ``sts``).

두 과제는 **같은 인코더와 같은 입력**을 씁니다. 문장 두 개를 ``[CLS] A [SEP] B [SEP]`` 한 줄로 잇고
(``token_type_ids``: A 쪽 0, B 쪽 1), 최대 길이를 넘으면 더 긴 문장부터 한 토큰씩 자릅니다
(``truncation="longest_first"``). 다른 것은 ``[CLS]`` 위의 헤드와 손실뿐입니다.

- NLI: 출력 3개(클래스 점수) + 교차 엔트로피. 평가: 정확도.
- STS: 출력 1개(점수 그 자체) + 평균 제곱 오차(MSE, ``problem_type="regression"``). 평가: 피어슨·스피어먼.

예제는 ``((문장 A, 문장 B), 정답)``입니다(``bertlab.datasets``의 ``nli``·``sts`` 데이터셋과 ``read_nli``·``read_sts``).
"""

from __future__ import annotations

from pathlib import Path

import torch

from bertlab.datasets import NLI_LABELS_KO, read_nli, read_sts
from bertlab.errors import BertlabError
from bertlab.finetuning.batches import in_length_order
from bertlab.finetuning.classification import SequenceClassificationTask
from bertlab.finetuning.correlation import pearson, spearman
from bertlab.finetuning.tasks import TaskDefaults, quiet_transformers


def encode_pairs(tokenizer, pairs: list[tuple[str, str]], max_length: int) -> dict:
    """문장 쌍들 -> ``[CLS] A [SEP] B [SEP]``의 ``input_ids``·``token_type_ids``·``attention_mask``(목록들)."""
    firsts = [a for a, _ in pairs]
    seconds = [b for _, b in pairs]
    return tokenizer(firsts, seconds, truncation="longest_first", max_length=max_length)


def both_orders(examples: list[tuple]) -> list[tuple]:
    """문장 쌍 예제들 뒤에 A와 B를 바꾼 쌍을 같은 순서로 덧붙인 목록(``finetune --both-orders``, 강의 STS 모델).

    ``[CLS] A [SEP] B [SEP]``의 모델은 A 자리와 B 자리를 다르게 볼 수 있지만 유사도는 대칭이므로, 두 순서를 모두
    보여 주면 데이터가 두 배가 되고 순서에 기대는 버릇이 줄어듭니다. ``((A, B), 정답)`` -> + ``((B, A), 정답)``.
    정답이 순서에 달린 과제(NLI: 전제가 가설을 함의해도 거꾸로는 아닐 수 있음)에는 쓰지 않습니다(``symmetric``).
    """
    if any(not isinstance(pair, tuple) or len(pair) != 2 for pair, _ in examples):
        raise BertlabError("두 순서로 쓰기는 순서를 바꿔도 정답이 같은 문장 쌍 과제(sts)의 예제 "
                           "((문장 A, 문장 B), 정답)에만 됩니다.")
    return list(examples) + [((b, a), label) for (a, b), label in examples]


class PairClassificationTask(SequenceClassificationTask):
    """입력이 문장 쌍인 분류(``encode``만 다름; ``predict``·``evaluate``는 문장 대신 쌍을 받음)."""

    def encode(self, tokenizer, examples: list[tuple], max_length: int) -> list[dict]:
        encoded = encode_pairs(tokenizer, [pair for pair, _ in examples], max_length)
        keys = list(encoded.keys())
        return [{**{k: encoded[k][i] for k in keys}, "labels": self.label_value(label)}
                for i, (_, label) in enumerate(examples)]

    def label_value(self, label):
        return int(label)


class NLITask(PairClassificationTask):
    """자연어 추론: (전제, 가설) -> 함의(0)·중립(1)·모순(2). KLUE-NLI JSON이나 KorNLI TSV."""

    name = "nli"
    title = "자연어 추론(NLI: 전제와 가설의 함의·중립·모순)"
    dataset = "nli"
    file_format = ("KLUE-NLI JSON(.json: premise, hypothesis, gold_label의 목록) 또는 KorNLI TSV(머리줄 "
                   "sentence1<TAB>sentence2<TAB>gold_label), gold_label은 entailment·neutral·contradiction")
    labels = NLI_LABELS_KO
    defaults = TaskDefaults(base="ko-mini-bert", learning_rates={"ko-mini-bert": 2e-4, "default": 3e-5},
                            batch_size=32, max_length=96, seconds=60.0, eval_every=100, eval_size=None)

    def read_file(self, path: str | Path) -> list[tuple]:
        return read_nli(path)


class STSTask(PairClassificationTask):
    """문장 유사도: (문장 A, 문장 B) -> 0-5점 하나(회귀). KorSTS TSV나 KLUE-STS JSON."""

    name = "sts"
    title = "문장 유사도(STS: 0-5점 회귀)"
    dataset = "sts"
    file_format = ("KorSTS TSV(머리줄 genre filename year id score sentence1 sentence2, score 0-5) 또는 "
                   "KLUE-STS JSON(.json: sentence1, sentence2, labels.label의 목록)")
    metric = "spearman"
    labels = ("유사도",)
    symmetric = True
    defaults = TaskDefaults(base="ko-mini-bert", learning_rates={"ko-mini-bert": 2e-4, "default": 3e-5},
                            batch_size=32, max_length=96, seconds=60.0, eval_every=100, eval_size=None)

    def read_file(self, path: str | Path) -> list[tuple]:
        return read_sts(path)

    def label_value(self, label):
        return float(label)

    def new_model(self, location: str):
        from transformers import AutoModelForSequenceClassification

        with quiet_transformers():  # 출력 1개 + problem_type="regression": transformers가 MSE 손실을 씀
            return AutoModelForSequenceClassification.from_pretrained(
                location, dtype=torch.float32, num_labels=1, problem_type="regression")

    def loss(self, model, batch: dict) -> dict:
        output = model(**batch)                             # logits: (B, 1) = 예측 점수
        return {"loss": output.loss}                        # mean((예측 - 정답)^2)

    def predict(self, model, tokenizer, pairs: list[tuple[str, str]], max_length: int,
                batch_size: int = 64) -> torch.Tensor:
        """문장 쌍들의 예측 점수 (N,). 길이순으로 묶어 계산하고 원래 순서로 돌려줍니다."""
        features = self.encode(tokenizer, [(pair, 0.0) for pair in pairs], max_length)
        for feature in features:
            del feature["labels"]
        collate = self.collate(tokenizer)
        scores = torch.empty(len(pairs))
        model.eval()
        with torch.no_grad():
            for indices, chunk in in_length_order(features, batch_size):
                scores[indices] = model(**collate(chunk)).logits.float().reshape(-1)   # (b,)
        return scores

    def evaluate(self, model, tokenizer, examples: list[tuple], max_length: int, batch_size: int = 64) -> dict:
        """스피어먼·피어슨 상관과 평균 제곱 오차(손실)."""
        predicted = self.predict(model, tokenizer, [pair for pair, _ in examples], max_length, batch_size)
        gold = torch.tensor([float(label) for _, label in examples])
        return {"spearman": spearman(predicted, gold), "pearson": pearson(predicted, gold),
                "loss": ((predicted - gold) ** 2).mean().item(), "examples": len(examples)}


NLI = NLITask()
STS = STSTask()
