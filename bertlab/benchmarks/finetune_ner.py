"""레슨 12의 수치: 60초 개체명 인식 파인 튜닝의 개체 단위 F1과 강의 체크포인트의 F1(이슈 26).

둘 다 내장 KLUE-NER 부분집합(``bertlab/data/klue-ner``)의 평가 세트 800문장(누구도 훈련에 쓰지 않은 문장)으로,
글자 태그 위에서 ``seqeval``로 잽니다(KLUE와 같은 방식, 마이크로 평균).

- 60초: 레슨과 같은 ``finetune("ner")``(오프라인 기본 인코더 ``ko-mini-bert``, float32, 과제의 기본 학습률·배치,
  CPU torch 스레드 2개, 훈련 시간 60초). 목표 >= 0.50.
- 강의 체크포인트(``bertlab/checkpoints/ner``, ``python -m bertlab finetune ner``로 더 오래 훈련): 목표 >= 0.70.
- 참고: 정답 글자 태그를 조각에 맞췄다가 그대로 되돌렸을 때의 F1(이 토크나이저로 얻을 수 있는 천장: 조사가
  이름과 한 조각이면 조각 태그로는 개체의 끝을 표시할 수 없음).

``python -m bertlab bench --only finetune_ner``. 기계가 붐비면 같은 60초에 단계 수가 줄어듭니다(단계 수와 시작
때의 부하를 함께 출력).
"""

from __future__ import annotations

from bertlab.benchmarks import Figure
from bertlab.benchmarks._shared import bench_threads, timed_finetune


def alignment_ceiling(data, tokenizer) -> float:
    """정답 태그 -> 조각 태그 -> 글자 태그로 되돌린 것의 개체 F1(모델이 완벽해도 넘을 수 없는 값)."""
    from bertlab.finetuning import NER, align_tags, entity_scores, tags_from_pieces

    gold, back = [], []
    for text, tags in data.test:
        offsets = tokenizer(text, truncation=True, max_length=NER.defaults.max_length,
                            return_offsets_mapping=True)["offset_mapping"]
        back.append(tags_from_pieces(text, offsets, align_tags(text, tags, offsets)))
        gold.append(list(tags))
    return entity_scores(gold, back)["f1"]


def run() -> list[Figure]:
    from bertlab.datasets import load_dataset
    from bertlab.finetuning import NER, load_finetuned

    data = load_dataset("klue-ner", source="builtin")
    tuned, note = timed_finetune("ner", bench_threads(), data=data)
    test = tuned.evaluate()
    note = f"평가 {test['examples']:,}문장, 토큰 정확도 {test['token_accuracy']:.3f}, {note}"
    figures = [Figure("KLUE-NER 60초 파인 튜닝 개체 F1: ko-mini-bert", test["f1"], "", ">= 0.50", note)]
    folder = NER.course_checkpoint()
    if folder.is_dir():
        course = load_finetuned(folder, "ner")
        scores = course.evaluate(data.test)
        figures.append(Figure("KLUE-NER 강의 체크포인트 개체 F1", scores["f1"], "", ">= 0.70",
                              f"평가 {scores['examples']:,}문장, 토큰 정확도 {scores['token_accuracy']:.3f}, "
                              f"종류별 F1의 평균 {scores['f1_macro']:.3f}"))
    else:
        figures.append(Figure("KLUE-NER 강의 체크포인트 개체 F1", float("nan"), "", ">= 0.70", f"없음: {folder}"))
    figures.append(Figure("정렬의 천장(정답 태그를 조각에 맞췄다 되돌린 F1)", alignment_ceiling(data, tuned.tokenizer), "",
                          "", "조각 하나에 이름과 조사가 함께 있으면 개체의 끝을 표시할 수 없음"))
    return figures
