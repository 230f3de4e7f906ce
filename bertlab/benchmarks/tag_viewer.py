"""레슨 12 태그 뷰어의 응답 시간(이슈 26: 문장 하나에 중앙값 <= 100 ms).

뷰어가 한 번 갱신하는 전체 계산(``tag_html``: 모델 두 개로 예측 -> 글자 구간 -> 색칠한 HTML)을 내장 KLUE-NER
평가 문장들로 잽니다. 모델은 강의 체크포인트(``bertlab/checkpoints/ner``)와, 같은 크기의 새 헤드를 얹은
``ko-mini-bert``(학생이 방금 훈련한 모델 대신: 크기와 계산량이 같음)입니다. torch 스레드 1개(레슨 12와 같음:
``NER.tag``는 문장 하나를 스레드 하나로 계산).
"""

from __future__ import annotations

import statistics

from bertlab.benchmarks import Figure, time_ms


def run() -> list[Figure]:
    import torch

    torch.set_num_threads(1)
    from transformers import AutoTokenizer

    from bertlab.datasets import load_dataset
    from bertlab.finetuning import NER, FineTuned, base_model_location, load_finetuned
    from bertlab.widgets import tag_html

    location = base_model_location("ko-mini-bert")
    fresh = FineTuned(NER, NER.new_model(location).eval(), AutoTokenizer.from_pretrained(location), None,
                      "ko-mini-bert", None, {"max_length": NER.defaults.max_length})
    models = {"새 모델": fresh}
    folder = NER.course_checkpoint()
    if folder.is_dir():
        models["강의 모델"] = load_finetuned(folder, "ner")
    sentences = [text for text, _ in load_dataset("klue-ner", source="builtin").test[:100]]
    for text in sentences[:3]:
        tag_html(text, models)   # 예열
    samples = [time_ms(lambda text=text: tag_html(text, models)) for text in sentences]
    long_ms = time_ms(lambda: tag_html("가" * 5000, models))
    note = f"모델 {len(models)}개({', '.join(models)}), KLUE-NER 평가 문장 {len(sentences)}개"
    return [Figure("태그 뷰어 갱신(문장 하나, 중앙값)", statistics.median(samples), "ms", "<= 100 ms", note),
            Figure("태그 뷰어 갱신(90백분위)", statistics.quantiles(samples, n=10)[-1], "ms", "", note),
            Figure("태그 뷰어(5,000자 입력 -> 한국어 안내)", long_ms, "ms", "", "모델을 부르지 않고 안내만")]
