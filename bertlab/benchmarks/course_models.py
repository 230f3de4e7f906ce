"""강의 모델(레슨 11-16의 ``bertlab/checkpoints/``)의 점수를 내장 평가 세트로 다시 잽니다(이슈 40).

과제마다 ``evaluate TASK --model course``와 같은 길(``load_finetuned`` -> ``Task.evaluate``)로 내장 데이터의 평가 세트
(훈련·모델 고르기에 쓰지 않은 몫)를 채점하고, 이슈의 목표(프로젝트 밖에 둔 평가 데이터에서의 목표)를 옆에 적습니다.
감성: NSMC 부분집합의 평가 영화 4,000리뷰, NER: KLUE-NER 800문장, NLI: 1,107쌍, STS: KorSTS dev 1,500쌍,
질의응답: 공유 데이터가 있으면 KorQuAD dev 문서 100-119(없으면 강의가 쓴 예문), 챗봇: 바꿔 말하기 세트.
``python -m bertlab bench --only course_models``(e5 크기 모델 다섯 개를 채점해 몇 분 걸립니다).
"""

from __future__ import annotations

import time

from bertlab.benchmarks import Figure
from bertlab.benchmarks._shared import load_average, torch_threads

TARGETS = {"sentiment": ("accuracy", ">= 0.89"), "ner": ("f1", ">= 0.70"), "nli": ("accuracy", ">= 0.60"),
           "sts": ("spearman", ">= 0.82"), "qa": ("exact_match", ">= 0.40")}
EXTRA = {"qa": ("f1", ">= 0.60")}


def course_scores(task_name: str) -> tuple[dict, str, float]:
    """과제 하나 -> (지표 사전, 데이터 설명, 걸린 초). 강의 모델이 없으면 ``FileNotFoundError``."""
    from bertlab.finetuning import get_task, load_finetuned

    task = get_task(task_name)
    folder = task.course_checkpoint()
    if not folder.is_dir():
        raise FileNotFoundError(folder)
    data = task.load_data(source="builtin")
    tuned = load_finetuned(folder, task.name)
    started = time.perf_counter()
    metrics = tuned.evaluate(data.test)
    return metrics, f"{tuned.base}, {data.description}, {len(data.test):,}개", time.perf_counter() - started


def run() -> list[Figure]:
    load = load_average()
    figures = []
    with torch_threads(2):
        for task_name, (metric, target) in TARGETS.items():
            try:
                metrics, described, seconds = course_scores(task_name)
            except FileNotFoundError:
                figures.append(Figure(f"강의 모델 {task_name}", float("nan"), "", target, "체크포인트 없음"))
                continue
            note = f"{described}, 채점 {seconds:.0f}초, 시작 부하 {load}"
            figures.append(Figure(f"강의 모델 {task_name}: {metric}", metrics[metric], "", target, note))
            if task_name in EXTRA:
                extra, extra_target = EXTRA[task_name]
                figures.append(Figure(f"강의 모델 {task_name}: {extra}", metrics[extra], "", extra_target, ""))
        figures += _chatbot()
    return figures


def _chatbot() -> list[Figure]:
    from bertlab.chatbot import course_index, read_paraphrases, retrieval_accuracy
    from bertlab.chatbot.data import DATA_DIR, DEV_FILE

    index = course_index()
    figures = []
    for name, path in (("개발", DEV_FILE), ("평가", DATA_DIR / "paraphrases_test.tsv")):
        if not path.is_file():
            continue
        examples = read_paraphrases(path, len(index.pairs))
        scores = retrieval_accuracy(index, examples)
        figures.append(Figure(f"강의 챗봇 바꿔 말하기({name}) top-1", scores["top1"], "", ">= 0.70",
                              f"top-5 {scores['top5']:.3f}, {scores['examples']}개, {index.encoder.title} + BM25"))
    return figures
