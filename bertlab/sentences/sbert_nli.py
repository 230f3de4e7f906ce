"""SBERT의 분류 목표: NLI 쌍으로 훈련하고 KorSTS로 잽니다(SBERT 논문의 방법). 레슨 15, 과제 ``sbert-nli``.

두 문장을 따로 읽은 벡터 u, v로 (u, v, |u-v|)를 이어 붙여 선형 층 하나가 함의·중립·모순을 맞히게 합니다
(``sentence-transformers``의 ``SoftmaxLoss``; torch로 쓴 입력은 ``losses.softmax_features``). 분류 헤드는 훈련에만
쓰고 버립니다: 남는 것은 "뜻이 같은 문장은 가깝게" 배운 인코더이고, 그 코사인을 KorSTS 점수와 비교합니다.

분류 헤드는 ``SentenceTransformer``의 모듈 순서(Sequential)에 넣을 수 없어(문장을 읽는 ``forward``가 헤드까지 지나감)
손실 모듈 안에 둡니다. ``training_module``이 그 손실 모듈을 돌려주면 ``fit``의 옵티마이저와 체크포인트가 인코더와
헤드를 함께 다룹니다.
"""

from __future__ import annotations

from pathlib import Path

from bertlab.datasets import NLI_LABELS, read_nli
from bertlab.errors import josa
from bertlab.finetuning import TaskDefaults
from bertlab.sentences.sbert import SBERTTask


class SBERTNLITask(SBERTTask):
    """KLUE-NLI 훈련 쌍 + ``SoftmaxLoss``로 SBERT 훈련. 검증·평가: KorSTS 코사인의 스피어먼(``sbert``와 같은 세트)."""

    name = "sbert-nli"
    title = "문장 임베딩(SBERT: NLI 분류 목표)"
    dataset = "nli"
    defaults = TaskDefaults(base="ko-mini-bert", learning_rates={"ko-mini-bert": 2e-4, "default": 3e-5},
                            batch_size=32, max_length=64, seconds=60.0, eval_every=50, eval_size=None)

    def read_train_file(self, path: str | Path) -> list[tuple]:
        """``--train-file``: KLUE-NLI JSON이나 KorNLI TSV(평가 파일 ``--eval-file``은 ``sbert``처럼 KorSTS TSV)."""
        return read_nli(path)

    def load_data(self, source: str = "auto", max_train: int | None = None, seed: int = 0):
        """훈련은 NLI의 훈련 세트, 검증·평가는 STS의 검증·평가 세트(NLI에서 배운 것이 유사도로 옮겨 가는지)."""
        from dataclasses import replace

        from bertlab.datasets import load_dataset

        nli = load_dataset("nli", source=source, max_train=max_train, seed=seed)
        sts = load_dataset("sts", source=source, seed=seed)
        notice = "\n".join(n for n in (nli.notice, sts.notice) if n)
        return replace(sts, name=self.name, train=nli.train, label_names=nli.label_names, notice=notice,
                       licence=f"{nli.licence}; {sts.licence}",
                       description=f"{josa(nli.description, '으로/로')} 훈련, {josa(sts.description, '으로/로')} 평가")

    def label_value(self, label) -> int:
        return int(label)

    def training_module(self, model):
        """인코더 + 분류 헤드(선형 층 3H -> 3)를 든 ``SoftmaxLoss``. 헤드는 훈련에만 쓰고 내보내지 않습니다."""
        from sentence_transformers.sentence_transformer.losses import SoftmaxLoss

        return SoftmaxLoss(model, model.get_embedding_dimension(), num_labels=len(NLI_LABELS))

    def loss(self, module, batch: dict) -> dict:
        """module: ``training_module``의 ``SoftmaxLoss``. 교차 엔트로피(linear([u, v, |u-v|]), 정답 클래스)."""
        return {"loss": module([batch["a"], batch["b"]], batch["labels"])}


SBERT_NLI = SBERTNLITask()
