"""레슨 15의 수치(이슈 29): KorSTS dev 1,500쌍(레슨 13과 같은 평가 세트, 훈련에 쓰지 않음)에서 코사인의 스피어먼.

- 사전 훈련만 한 BERT 기준선: ``ko-mini-bert``의 마지막 층 ``[CLS]``·평균·최대 풀링(이슈의 0.44/0.56은 KorSTS **test**에서 잰
  다른 측정이고, test는 이 프로젝트에 없어 dev로 잽니다).
- SBERT 60초: ``ko-mini-bert``에서 ``finetune("sbert")``(KorSTS 훈련 쌍, ``CosineSimilarityLoss``), 목표 >= 0.65이고
  사전 훈련만 한 풀링보다 높을 것. 같은 60초를 분류 목표로: ``finetune("sbert-nli")``(KLUE-NLI 쌍, ``SoftmaxLoss``; STS 점수는 안 봄).
- ``multilingual-e5-small`` 0-shot(평균 풀링, ``query: `` 접두어 있음/없음). 이슈의 0.77은 test에서 잰 값.
- 강의 모델(``bertlab/checkpoints/sbert``: e5-small 위 4개 층을 KorSTS로 더 오래 훈련, ``finetune sbert``), 목표 >= 0.80.
- 유사도 행렬 위젯 한 번 갱신의 중앙값(문장 4개, 스레드 1).

``python -m bertlab bench --only sbert``. 훈련 스레드는 ``BERTLAB_BENCH_THREADS``(기본 2).
"""

from __future__ import annotations

import statistics

from bertlab.benchmarks import Figure
from bertlab.benchmarks._shared import bench_threads, timed_finetune, widget_samples


def raw_figures(test) -> tuple[list[Figure], dict]:
    from bertlab.models import ensure_e5_checkpoint, offline_dir
    from bertlab.sentences import PooledEncoder, sts_spearman

    figures, scores = [], {}
    base = PooledEncoder(str(offline_dir("ko-mini-bert")), "cls")
    for pooling in ("cls", "mean", "max"):
        metrics = sts_spearman(base.with_pooling(pooling), test)
        scores[pooling] = metrics["spearman"]
        figures.append(Figure(f"ko-mini-bert 사전 훈련만 한 {pooling} 풀링 스피어먼", metrics["spearman"], "", "(기준선)",
                              f"KorSTS dev {metrics['examples']:,}쌍, 평균 코사인 {metrics['mean_cosine']:.3f}"))
    e5 = PooledEncoder(str(ensure_e5_checkpoint()), "mean")
    for prefix in ("query: ", ""):
        e5.prefix = prefix
        metrics = sts_spearman(e5, test)
        figures.append(Figure(f"multilingual-e5-small 0-shot 스피어먼(접두어 {prefix!r})", metrics["spearman"], "",
                              "(참고: test에서 0.77)", f"KorSTS dev {metrics['examples']:,}쌍, 평균 풀링"))
    return figures, scores


def sbert_figures(test, raw: dict, threads: int):
    tuned, note = timed_finetune("sbert", threads, source="builtin")
    metrics = tuned.evaluate(test)
    target = f">= 0.65, > 사전 훈련만 한 평균 {raw['mean']:.3f}"
    figures = [Figure("SBERT 60초(ko-mini-bert, KorSTS 회귀 목표) 스피어먼", metrics["spearman"], "", target,
                      f"KorSTS dev {metrics['examples']:,}쌍, {note}")]
    nli, note = timed_finetune("sbert-nli", threads, source="builtin")
    metrics = nli.evaluate(test)
    figures.append(Figure("SBERT 60초(ko-mini-bert, NLI 분류 목표) 스피어먼", metrics["spearman"], "",
                          f"(참고) > 사전 훈련만 한 평균 {raw['mean']:.3f}", f"KorSTS dev {metrics['examples']:,}쌍, {note}"))
    return figures, tuned


def course_figures(test) -> list[Figure]:
    from bertlab.finetuning import load_finetuned
    from bertlab.sentences import SBERT

    folder = SBERT.course_checkpoint()
    if not folder.is_dir():
        return [Figure("강의 SBERT 모델 스피어먼", float("nan"), "", ">= 0.80", f"강의 모델이 없습니다: {folder}")]
    tuned = load_finetuned(folder, "sbert")
    metrics = tuned.evaluate(test)
    return [Figure("강의 SBERT 모델 스피어먼", metrics["spearman"], "", ">= 0.80",
                   f"KorSTS dev {metrics['examples']:,}쌍, 기반 {tuned.base}, {tuned.settings.get('steps', '?')}단계 훈련")]


def widget_figures(model) -> list[Figure]:
    from bertlab.widgets import similarity_html
    from bertlab.widgets.similarity_matrix import EXAMPLE

    texts = [EXAMPLE, "고양이 😺\n漢字 섞인 문장\n" + "가" * 5000, "", EXAMPLE.replace("\n", "\n\n")]
    samples = widget_samples(lambda text: similarity_html({"SBERT": model}, "SBERT", text), texts, warmup=1)
    return [Figure("유사도 행렬 갱신(중앙값)", statistics.median(samples), "ms", "<= 200 ms",
                   f"{len(samples)}번 갱신(빈 글·5,000자·이모지·한자 포함), 스레드 1")]


def run() -> list[Figure]:
    from bertlab.datasets import load_dataset

    threads = bench_threads()
    test = load_dataset("sts", source="builtin").test
    figures, raw = raw_figures(test)
    trained, tuned = sbert_figures(test, raw, threads)
    return figures + trained + course_figures(test) + widget_figures(tuned.model)
