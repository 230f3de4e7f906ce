"""레슨 14의 수치: 60초 질의응답 파인 튜닝과 강의 체크포인트의 EM·글자 F1, 질의응답 뷰어의 응답 시간(이슈 28).

점수는 KorQuAD 1.0 dev의 문서 100-119(473문제, 훈련에 쓰지 않은 문서; 공유 데이터 ``../shared/data``가 있을 때)로
KorQuAD 공식 채점의 정의(EM, 글자 F1)로 잽니다. 문서 120-139는 외부 평가용이라 읽지 않습니다. 공유 데이터가 없으면
강의가 직접 쓴 내장 예문의 평가 세트(18문제)로 재고 그렇게 적습니다.

- 60초: 레슨과 같은 ``finetune("qa")``(``ko-mini-bert``, float32, CPU torch 스레드 2개, 훈련 시간 60초). 손실이
  내려가는지(처음 10단계와 마지막 10단계의 평균)와 EM을 출력합니다.
- 강의 체크포인트(``bertlab/checkpoints/qa``, ``python -m bertlab finetune qa``): 목표 EM >= 0.40, F1 >= 0.60,
  그리고 소개 글의 예("강수가 떨어지도록 영향을 주는 것은?")에 `중력`으로 답하는지.
- 뷰어: ``qa_html``(강의 모델 하나, torch 스레드 1개)의 질문 하나 갱신 시간, 중앙값 <= 150 ms.

``python -m bertlab bench --only finetune_qa``. 기계가 붐비면 같은 60초에 단계 수가 줄어듭니다(시작 부하를 함께 출력).
"""

from __future__ import annotations

import statistics

from bertlab.benchmarks import Figure
from bertlab.benchmarks._shared import load_average, widget_samples

SECONDS = 60.0


def _mean(values: list[float]) -> float:
    return sum(values) / max(len(values), 1)


def run() -> list[Figure]:
    from bertlab.datasets import load_dataset
    from bertlab.finetuning import QA, SEED_EXAMPLES, finetune, load_finetuned
    from bertlab.widgets import qa_html

    data = load_dataset("korquad", source="builtin")          # 공유 데이터가 있으면 KorQuAD dev 0-119
    where = f"{data.description.split(' — ')[-1]}, 평가 {len(data.test):,}문제"
    load = load_average()
    tuned = finetune("qa", data=data, seconds=SECONDS, threads=2, eval_every=10**9, progress=False)
    losses = [record["loss"] for record in tuned.result.history if "loss" in record]
    test = tuned.evaluate()
    note = (f"{where}, {tuned.result.step}단계 {tuned.result.seconds:.0f}초, 손실 {_mean(losses[:10]):.2f} -> "
            f"{_mean(losses[-10:]):.2f}, F1 {test['f1']:.3f}, 시작 부하 {load:.2f}")
    figures = [Figure("질의응답 60초 파인 튜닝 EM: ko-mini-bert", test["exact_match"], "", "출력만(손실이 내려갈 것)", note)]
    folder = QA.course_checkpoint()
    if not folder.is_dir():
        return figures + [Figure("질의응답 강의 체크포인트 EM", float("nan"), "", ">= 0.40", f"없음: {folder}")]
    course = load_finetuned(folder, "qa")
    scores = course.evaluate(data.test)
    question, passage = SEED_EXAMPLES["중력(기상학)"]
    seed = QA.answer(course.model, course.tokenizer, question, passage).text
    figures += [Figure("질의응답 강의 체크포인트 EM", scores["exact_match"], "", ">= 0.40", where),
                Figure("질의응답 강의 체크포인트 글자 F1", scores["f1"], "", ">= 0.60", where),
                Figure("소개 글의 예에 '중력'으로 답함", float(seed == "중력"), "", "= 1", f"답: {seed!r}")]
    models = {"강의 모델": course}
    pairs = [pair for pair, _ in data.test[:60]]
    samples = widget_samples(lambda pair: qa_html(*pair, models), pairs, rounds=1, warmup=3)
    figures += [Figure("질의응답 뷰어 갱신(질문 하나, 중앙값)", statistics.median(samples), "ms", "<= 150 ms",
                       f"{where}의 앞 {len(pairs)}문제, torch 스레드 1개"),
                Figure("질의응답 뷰어 갱신(90백분위)", statistics.quantiles(samples, n=10)[-1], "ms", "", "")]
    return figures
