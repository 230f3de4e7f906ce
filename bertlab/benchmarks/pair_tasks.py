"""레슨 13의 수치(이슈 27): 60초 NLI·STS 파인 튜닝, 강의 모델의 점수, 가설만 본 기준선, 쌍 시험기 응답 시간.

- 60초 파인 튜닝: 오프라인 기본 인코더(``ko-mini-bert``)를 내장 부분집합(``bertlab/data/nli``, ``bertlab/data/sts``)으로
  과제의 기본 설정(``NLITask.defaults``, ``STSTask.defaults``)대로 60초(평가 제외) 훈련하고, 아무도 훈련하지 않은
  평가 세트로 잽니다. NLI: KLUE-NLI·KorNLI의 전제 단위 평가 쌍 1,107개, 정확도(우연 0.33, 목표 >= 0.50).
  STS: KorSTS dev 1,500쌍, 스피어먼(목표 >= 0.65).
- 강의 모델(``bertlab/checkpoints/nli``, ``sts``): 같은 평가 세트(목표 NLI >= 0.60, STS >= 0.80).
- 가설만 본 단어 주머니 분류기(주석 흔적)와 전제만 본 대조군.
- 쌍 시험기(``pair_html``) 한 번 갱신의 중앙값(목표 <= 100 ms, torch 스레드 1개, 강의 모델 두 개).

``python -m bertlab bench --only pair_tasks``. 훈련 스레드는 ``BERTLAB_BENCH_THREADS``(기본 2). 기계가 붐비면 같은
60초에 단계 수가 줄어듭니다(단계 수와 시작 때 부하를 함께 출력).
"""

from __future__ import annotations

import statistics

from bertlab.benchmarks import Figure
from bertlab.benchmarks._shared import bench_threads, timed_finetune, widget_samples

TARGETS = {"nli": (">= 0.50", ">= 0.60"), "sts": (">= 0.65", ">= 0.80")}
TYPED = [("남자가 기타를 치고 있다.", "한 남자가 악기를 연주하고 있다."), ("비가 온다.", "날씨가 맑다."),
         ("회의는 내일 오전 10시에 시작합니다.", "회의가 내일 아침에 열린다."), ("고양이가 잔다 😺", "猫가 잔다"),
         ("이 영화 정말 재밌어요", "이 영화는 지루했다."), ("", "빈 문장"), ("가" * 5000, "아주 긴 문장")]


def fresh_figures(threads: int) -> list[Figure]:
    figures = []
    for task in ("nli", "sts"):
        tuned, note = timed_finetune(task, threads, source="builtin")
        metrics = tuned.evaluate()
        metric = tuned.task.metric
        note = f"평가 {metrics['examples']:,}쌍, {note}"
        if task == "sts":
            note += f", 피어슨 {metrics['pearson']:.3f}"
        figures.append(Figure(f"{task.upper()} 60초 파인 튜닝 {metric}: ko-mini-bert", metrics[metric], "",
                              TARGETS[task][0], note))
    return figures


def course_models() -> dict:
    """{과제: FineTuned 또는 없는 이유}."""
    from bertlab.finetuning import get_task, load_finetuned

    models = {}
    for task in ("nli", "sts"):
        folder = get_task(task).course_checkpoint()
        models[task] = load_finetuned(folder, task) if folder.is_dir() else f"강의 모델이 없습니다: {folder}"
    return models


def course_figures(models: dict) -> list[Figure]:
    from bertlab.datasets import load_dataset

    figures = []
    for task, tuned in models.items():
        if isinstance(tuned, str):
            figures.append(Figure(f"{task.upper()} 강의 모델", float("nan"), "", TARGETS[task][1], tuned))
            continue
        metrics = tuned.evaluate(load_dataset(task, source="builtin").test)
        metric = tuned.task.metric
        extra = f", 피어슨 {metrics['pearson']:.3f}" if task == "sts" else ""
        figures.append(Figure(f"{task.upper()} 강의 모델 {metric}", metrics[metric], "", TARGETS[task][1],
                              f"평가 {metrics['examples']:,}쌍, {tuned.settings.get('steps', '?')}단계 훈련{extra}"))
    return figures


def baseline_figures() -> list[Figure]:
    from bertlab.datasets import load_dataset
    from bertlab.finetuning import side_only_baseline

    data = load_dataset("nli", source="builtin")
    figures = []
    for side, name in (("hypothesis", "가설만"), ("premise", "전제만")):
        result = side_only_baseline(data.train, data.test, side=side)
        figures.append(Figure(f"NLI {name} 본 단어 주머니 분류기 정확도", result.accuracy, "", "> 0.33" if
                              side == "hypothesis" else "~ 0.33", f"평가 {result.examples:,}쌍, 우연 {result.chance:.3f}"))
    return figures


def tester_figures(models: dict) -> list[Figure]:
    from bertlab.widgets import pair_html

    shown = {f"강의 {task.upper()}": tuned for task, tuned in models.items()}
    samples = widget_samples(lambda pair: pair_html(shown, *pair), TYPED)
    return [Figure("쌍 시험기 갱신(중앙값)", statistics.median(samples), "ms", "<= 100 ms",
                   f"모델 {len(models)}개, {len(samples)}번 갱신(빈 문장·5,000자·이모지·한자 포함), 스레드 1")]


def run() -> list[Figure]:
    threads = bench_threads()
    models = course_models()
    return baseline_figures() + fresh_figures(threads) + course_figures(models) + tester_figures(models)
