"""파인 튜닝: 모든 과제가 함께 쓰는 훈련 루프와 과제별 데이터·헤드·손실·평가(레슨 11-16).

레슨 11(단일 문장 분류)이 공통 부분을 만들고, 레슨 12(토큰 태깅), 13(문장 쌍 분류·회귀), 14(질의응답),
15-16(SBERT, 챗봇)이 과제를 더합니다.

- ``loop``: 훈련 루프 ``fit(model, batches, loss_fn, FitConfig(...), evaluate=, callback=)``. AdamW, 선형 워밍업·감소,
  시간·단계 예산, 시드, 스레드 수, 진행 막대, 콜백(레슨 08의 ``LiveLossCurve``), N단계마다 평가와 최고 모델,
  Ctrl-C에도 최고 모델 유지, NaN 손실이면 ``TrainingDiverged``.
- ``batches``: ``BatchStream``(토큰화한 예제 -> 단계 번호로 배치; 에포크마다 시드로 섞고 길이로 묶음).
- ``tasks``: ``Task``(과제의 틀), ``TaskDefaults``, 과제 이름표 ``TASKS``와 ``get_task``.
- ``classification``: 문장 분류 헤드와 과제 ``sentiment``(NSMC).
- ``ner``: 토큰 태깅 헤드(``BertForTokenClassification``)와 과제 ``ner``(KLUE-NER), 태그 뷰어의 ``NER.tag``(레슨 12).
- ``tagging``: 글자 태그 <-> 조각 태그 정렬(``offset_mapping``, ``-100``), 개체 단위 F1(``seqeval``), 종류 혼동(레슨 12).
- ``pairs``: 문장 쌍 과제 ``nli``(함의·중립·모순)와 ``sts``(0-5 회귀), 쌍 입력 ``encode_pairs``(레슨 13).
- ``correlation``: STS 평가의 피어슨·스피어먼(순위). ``hypothesis_only``: 가설만 보는 단어 주머니 분류기(주석 흔적).
- ``pair_scores``: 두 문장 -> 모델별 NLI 확률·STS 점수(레슨 13의 쌍 시험기), A·B를 바꾼 효과, 세그먼트 표.
- ``qa``: 추출형 질의응답 과제 ``qa``(KorQuAD): 질문+지문 창(stride, ``offset_mapping``), 정답 토큰 위치, n-best
  후처리, 위젯의 ``QA.answer``(레슨 14). ``spans``: 시작·끝 벡터 S·E의 확률, 유효 구간 고르기, KorQuAD EM·글자 F1.
  ``qa_answer``: 답 하나(``Answer``)의 n-best 후보, 확신도 P_start(i)·P_end(j), '답 없음' 확률과 확신이 낮을 때의 안내.
- ``recipe``: ``finetune(task, ...)``: 데이터·인코더·헤드 준비부터 ``fit``까지 한 번에, ``FineTuned`` 결과.
- ``untrained``: ``untrained_model(task)``: 같은 시드의 훈련 전 모델(인코더 + 새 헤드). 위젯의 "훈련 전" 열(레슨 11-14).
- ``export``: 모델 카드와 함께 내보내기(``save_finetuned``)와 다시 불러오기(``load_finetuned``).
- ``encoders``: 인코더 이름 -> 위치(``base_model_location``), 큰 어휘의 기준(``BIG_VOCABULARY``).
- ``delta``: 큰 인코더(e5)는 위 몇 층 + 헤드만 훈련해 그것만 저장(델타), ``layer_cache``: 얼린 아래층의 출력을 한 번만
  계산해 두고 위 층만 훈련(강의 모델의 긴 훈련을 2코어 CPU에서 감당할 만하게), ``adapters``: 모든 층의 LoRA 어댑터(peft).
- ``course_cards``: 저장소의 강의 모델(레슨 11-14 위젯의 e5 모델) 카드 읽기와 라이브 결과 옆의 요약.
- ``analysis``: 레슨 11의 들여다보기(분류 헤드 요약, 혼동 행렬, 자신 있게 틀린 예제, 층별 가중치 변화, ``[CLS]`` 2차원 투영).
- ``playground``: 내 문장의 클래스 확률을 여러 모델로 나란히(``read_sentence``, 레슨 11 위젯의 계산).
- ``cli``: ``python -m bertlab finetune TASK``와 ``python -m bertlab evaluate TASK``.

새 과제를 더하는 법(레슨 12-16)
--------------------------------
1. 데이터: ``bertlab/datasets/formats.py``에 그 데이터셋이 공개된 형식의 읽기 함수(``read_lines``와 ``line_error``로
   틀린 줄을 한국어로 알림), ``bertlab/datasets/make_subsets.py``의 ``SUBSETS``에 내장 부분집합을 고르는 함수
   (``bertlab/data/<이름>/{train,validation,test}.<확장자>`` + ``subset.json`` + ``README.md``), 그리고
   ``bertlab/datasets/loader.py``의 ``DATASETS``에 ``DatasetSpec``(내장: ``_split_files(폴더, 읽기 함수)``, 온라인:
   ``HubSource``(허브 ID, 행 -> 예제 변환))을 하나 넣습니다. 예제는 ``(입력, 정답)`` 쌍입니다.
2. 과제: 이 패키지에 모듈을 하나 만들고(예: ``ner.py``) ``Task``를 이어받아 ``name``, ``title``, ``dataset``,
   ``file_format``, ``metric``(예: ``"f1"``), ``defaults``(``TaskDefaults``: 60초 예산에서 잰 학습률·배치·길이)와
   ``read_file``, ``new_model``, ``load_model``, ``encode``, ``collate``, ``loss``, ``evaluate``를 채웁니다. 문장 쌍
   분류는 ``SequenceClassificationTask``를 이어받아 ``encode``만 바꾸면 됩니다. 필요할 때만 덮어쓰는 것:
   ``load_data``(훈련과 평가의 데이터가 다를 때: NLI로 훈련하고 KorSTS로 재는 ``sbert-nli``),
   ``training_module``(손실에 훈련할 부품이 있을 때: ``SoftmaxLoss``의 분류 헤드), ``trainable = False``와
   ``evaluate_main``(훈련 없이 채점만 하는 ``chatbot``).
3. 이름표: ``tasks.py``의 ``TASKS``에 ``"ner": "bertlab.finetuning.ner:NER"`` 한 줄. 그러면 ``finetune("ner")``,
   ``python -m bertlab finetune ner``, ``python -m bertlab evaluate ner --model DIR|course|fresh --eval-file FILE
   --json``이 같은 인자로 돌아갑니다. ``sentences/``·``chatbot/``의 과제(sbert, sbert-nli, chatbot,
   chatbot-encoder)도 같은 이름표에 넣습니다.
4. 테스트: 루프는 이미 시험되어 있으니, 형식 읽기(정상·틀린 줄), 작은 모델로 몇 단계 ``finetune`` -> 내보내기 ->
   ``evaluate --json``(``tests/test_finetune_cli.py``처럼)만 더하면 됩니다.
"""

from bertlab.lazy import lazy_exports

_EXPORTS = {
    "fit": "loop", "FitConfig": "loop", "FitResult": "loop", "TrainingDiverged": "loop",
    "learning_rate_scale": "loop",
    "BatchStream": "batches",
    "Task": "tasks", "TaskDefaults": "tasks", "TASKS": "tasks", "get_task": "tasks", "task_names": "tasks",
    "quiet_transformers": "tasks", "BIG_VOCABULARY": "encoders", "has_big_vocabulary": "encoders",
    "SequenceClassificationTask": "classification", "SentimentTask": "classification", "SENTIMENT": "classification",
    "TokenTaggingTask": "ner", "NERTask": "ner", "NER": "ner",
    "align_tags": "tagging", "tags_from_pieces": "tagging", "piece_spans": "tagging", "first_pieces": "tagging",
    "tags_from_spans": "tagging", "entity_scores": "tagging", "type_confusion": "tagging", "IGNORE": "tagging",
    "NLITask": "pairs", "STSTask": "pairs", "NLI": "pairs", "STS": "pairs", "encode_pairs": "pairs",
    "PairClassificationTask": "pairs", "both_orders": "pairs", "ranks": "correlation", "pearson": "correlation", "spearman": "correlation",
    "side_only_baseline": "hypothesis_only", "word_rate_by_label": "hypothesis_only",
    "score_pair": "pair_scores", "check_pair": "pair_scores", "swap_effect": "pair_scores",
    "segment_table": "pair_scores", "predictions_and_gold": "pair_scores", "PairAnswer": "pair_scores",
    "finetune": "recipe", "FineTuned": "recipe", "base_model_location": "encoders", "hardware_summary": "recipe",
    "untrained_model": "untrained",
    "TopLayers": "layer_cache", "frozen_lower_layers": "layer_cache", "lower_states": "layer_cache",
    "head_summary": "analysis", "confusion": "analysis", "confident_mistakes": "analysis",
    "layer_changes": "analysis", "cls_vectors": "analysis", "project_2d": "analysis", "separation": "analysis",
    "QuestionAnsweringTask": "qa", "QA": "qa", "Answer": "qa_answer", "Candidate": "qa_answer",
    "confidence_notes": "qa_answer", "LOW_CONFIDENCE": "qa_answer", "question_windows": "qa", "passage_mask": "qa", "span_text": "qa", "SEED_EXAMPLES": "qa",
    "start_end_probabilities": "spans", "best_spans": "spans", "Span": "spans", "normalize_answer": "spans",
    "exact_match": "spans", "f1_score": "spans", "squad_scores": "spans",
    "read_sentence": "playground", "SentenceReading": "playground",
    "save_finetuned": "export", "load_finetuned": "export", "model_card": "export",
    "course_card": "course_cards", "CourseCard": "course_cards",
    "add_adapters": "adapters",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
__all__ = sorted(_EXPORTS)
