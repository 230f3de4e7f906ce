"""레슨 12(토큰 태깅, 개체명 인식)의 연습 문제: offset으로 레이블 맞추기, BIO를 개체 구간으로, 개체 단위 F1을 손으로,
``-100`` 퀴즈, ``B-`` 퀴즈.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("12")``
q1·q2의 기대값은 강의의 참고 구현(``bertlab.finetuning.align_tags``, ``piece_spans``)이, q3의 기대값은 ``seqeval``이
계산합니다. 채점 문장은 내장 KLUE-NER 훈련 문장과 ko-mini-bert 토크나이저의 실제 offset입니다.
"""

from bertlab.exercises import Case, Function, Quiz
from bertlab.exercises.bank.families import PYTHON_ONLY

KIM = "김철수는 서울에 갔다"
KIM_TAGS = ("B-PS", "I-PS", "I-PS", "O", "O", "B-LC", "I-LC", "O", "O", "O", "O")
KIM_OFFSETS = [(0, 0), (0, 1), (1, 2), (2, 4), (5, 7), (7, 8), (9, 11), (0, 0)]


def _context():
    """ko-mini-bert 토크나이저, 태그 번호표, 내장 KLUE-NER 훈련 문장 200개(채점 틀이 프로세스마다 한 번 부름)."""
    from transformers import AutoTokenizer

    from bertlab.datasets import NER_TAGS, load_dataset
    from bertlab.models import offline_dir

    tokenizer = AutoTokenizer.from_pretrained(str(offline_dir("ko-mini-bert")))
    examples = load_dataset("klue-ner", source="builtin").train[:200]
    return {"tokenizer": tokenizer, "label2id": {tag: i for i, tag in enumerate(NER_TAGS)}, "examples": examples,
            "NER_TAGS": NER_TAGS}


def _offsets(ctx, text):
    return [tuple(o) for o in ctx["tokenizer"](text, return_offsets_mapping=True)["offset_mapping"]]


def _align_reference(text, char_tags, offsets, label2id):
    from bertlab.finetuning import IGNORE, align_tags

    return [IGNORE if tag is None else label2id[tag] for tag in align_tags(text, char_tags, offsets)]


def _random_align(rng, ctx):
    text, tags = rng.choice(ctx["examples"])
    return (text, tags, _offsets(ctx, text), ctx["label2id"])


def _align_case(text, tags, note, offsets=None):
    return Case(args=lambda ctx: (text, tags, offsets or _offsets(ctx, text), ctx["label2id"]), note=note)


def _spans_reference(text, offsets, piece_tags):
    from bertlab.finetuning import piece_spans

    return [(start, end, kind) for start, end, kind, _ in piece_spans(text, offsets, piece_tags)]


def _random_pieces(rng, ctx):
    text, _ = rng.choice(ctx["examples"])
    offsets = _offsets(ctx, text)
    weights = [6] + [1] * (len(ctx["NER_TAGS"]) - 1)   # O가 가장 흔하게
    tags = [None if start == end else rng.choices(ctx["NER_TAGS"], weights)[0] for start, end in offsets]
    return (text, offsets, tags)


def _f1_reference(gold, predicted):
    from seqeval.metrics import f1_score, precision_score, recall_score

    return (float(precision_score(gold, predicted, zero_division=0)),
            float(recall_score(gold, predicted, zero_division=0)), float(f1_score(gold, predicted, zero_division=0)))


def _random_f1(rng, ctx):
    gold, predicted = [], []
    for _ in range(rng.randint(1, 4)):
        _, tags = rng.choice(ctx["examples"])
        gold.append(list(tags))
        guess = list(tags)
        for i in range(len(guess)):   # 정답을 조금씩 망가뜨린 예측: 종류, 경계, 빠뜨림, 헛것
            if rng.random() < 0.04:
                guess[i] = rng.choice(ctx["NER_TAGS"])
        predicted.append(guess)
    return (gold, predicted)


ALIGN_SOLUTION = '''def align_labels(text, char_tags, offsets, label2id):
    labels, previous = [], None
    for start, end in offsets:
        if start == end:                      # [CLS], [SEP], 패딩
            labels.append(-100)
            continue
        tag = char_tags[start]                # 조각의 첫 글자
        if tag.startswith("I-") and previous != tag[2:]:
            tag = "B-" + tag[2:]              # 개체가 앞 조각 중간에서 시작했음
        labels.append(label2id[tag])
        previous = None if tag == "O" else tag[2:]
    return labels'''

SPANS_SOLUTION = '''def decode_entities(text, offsets, piece_tags):
    spans, current = [], None
    for (start, end), tag in zip(offsets, piece_tags):
        if start == end:                      # 특수 토큰
            continue
        kind = None if tag == "O" else tag[2:]
        if kind is not None and tag.startswith("I-") and current is not None and current[2] == kind:
            current[1] = end                  # 같은 개체가 이어짐
            continue
        if current is not None:
            spans.append(tuple(current))
        current = [start, end, kind] if kind is not None else None
    if current is not None:
        spans.append(tuple(current))
    return spans'''

F1_SOLUTION = '''def entity_f1(gold, predicted):
    def entities(tags):
        found, start, kind = set(), None, None
        for i, tag in enumerate(list(tags) + ["O"]):
            inside = tag.startswith("I-") and tag[2:] == kind
            if start is not None and not inside:
                found.add((start, i, kind))
                start, kind = None, None
            if tag != "O" and not inside:
                start, kind = i, tag[2:]
        return found

    right = guessed = total = 0
    for g, p in zip(gold, predicted):
        g, p = entities(g), entities(p)
        right += len(g & p)
        guessed += len(p)
        total += len(g)
    precision = right / guessed if guessed else 0.0
    recall = right / total if total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return (precision, recall, f1)'''

PROBLEMS = [
    Function(
        name="align_labels",
        title="offset으로 글자 태그를 조각 레이블로",
        prompt="문장 `text`, 글자별 태그 `char_tags`, 조각마다의 `(시작, 끝)` 목록 `offsets`(토크나이저의 "
               "`offset_mapping`), 태그 -> 번호 사전 `label2id`를 받아 조각마다의 레이블 번호 목록을 돌려주는 "
               "`align_labels(text, char_tags, offsets, label2id)`를 완성하세요. 규칙: (1) `시작 == 끝`인 조각([CLS], "
               "[SEP])은 `-100`, (2) 나머지 조각은 **첫 글자**(`char_tags[시작]`)의 태그, (3) 그 태그가 `I-X`인데 바로 앞 "
               "조각의 종류가 X가 아니면(개체가 앞 조각 중간에서 시작함) `B-X`로 고칩니다.",
        reads="align_labels",
        setup=_context,
        reference_function=_align_reference,
        cases=[
            _align_case(KIM, KIM_TAGS, "김철수는: '##수는'은 첫 글자 '수'의 I-PS", KIM_OFFSETS),
            _align_case("대구시", ("O", "B-LC", "I-LC"), "개체가 조각 중간에서 시작: 다음 조각이 B-", [(0, 0), (0, 2), (2, 3), (0, 0)]),
            _align_case("가", ("O",), "특수 토큰 자리", [(0, 0), (0, 1), (0, 0)]),
        ],
        random_inputs=_random_align,
        n_random=40,
        time_limit=10.0,
        hints=["`for start, end in offsets:`로 조각을 돌며, `start == end`이면 `-100`을 넣고 다음 조각으로 갑니다.",
               "`char_tags[start]`가 조각의 첫 글자 태그입니다. 앞 조각의 종류(`O`이면 None)를 변수에 기억해 두세요."],
        solution=ALIGN_SOLUTION,
        allows=PYTHON_ONLY,
        delegating=[
            "from bertlab.finetuning import align_tags\n"
            "def align_labels(text, char_tags, offsets, label2id):\n"
            "    return [-100 if t is None else label2id[t] for t in align_tags(text, char_tags, offsets)]",
        ],
        wrong=[
            # 특수 토큰에도 O를 줌: 모델이 [CLS]·[SEP]의 O를 맞히는 쉬운 문제까지 배우고 정확도가 부풀려짐
            ALIGN_SOLUTION.replace("labels.append(-100)", "labels.append(label2id[\"O\"])"),
            # 마지막 글자의 태그
            ALIGN_SOLUTION.replace("char_tags[start]", "char_tags[end - 1]"),
            # B- 고치기를 빠뜨림
            ALIGN_SOLUTION.replace("            tag = \"B-\" + tag[2:]              # 개체가 앞 조각 중간에서 시작했음\n",
                                   "            pass\n"),
        ],
        blank="def align_labels(text, char_tags, offsets, label2id):\n    labels = []\n    ____\n    return ____",
        explanation="offset_mapping이 조각과 글자를 잇는 유일한 다리입니다. 특수 토큰은 원문에 글자가 없어 (0, 0)이고, 손실이 "
                    "보지 않도록 -100을 줍니다. '김철수는'처럼 이름과 조사가 한 조각('##수는')이면 조각 하나에 태그 하나밖에 "
                    "못 주므로, 글자 단위 정답을 완벽히 되돌릴 수는 없습니다(레슨의 '정렬의 천장').",
    ),
    Function(
        name="decode_entities",
        title="조각 BIO를 글자 구간으로",
        prompt="문장 `text`, 조각 위치 `offsets`, 조각마다 예측한 태그 `piece_tags`(특수 토큰 자리는 `None`)를 받아 개체 "
               "`(글자 시작, 글자 끝(미포함), 종류)` 목록을 문장 순서대로 돌려주는 `decode_entities(text, offsets, "
               "piece_tags)`를 완성하세요. `B-X`는 새 개체를 열고, 바로 앞 개체와 종류가 같은 `I-X`는 그 개체를 이 조각의 "
               "끝까지 늘립니다. 앞 개체가 없거나 종류가 다른 `I-X`도 새 개체를 엽니다(모델은 틀린 BIO도 냅니다). "
               "`O`는 열린 개체를 닫습니다.",
        reads="decode_entities",
        setup=_context,
        reference_function=_spans_reference,
        cases=[
            Case((KIM, KIM_OFFSETS, [None, "B-PS", "I-PS", "I-PS", "B-LC", "O", "O", None]),
                 note="김철수는: 조각 태그로는 '는'까지 PS"),
            Case(("한국 교통대 학생", [(0, 0), (0, 2), (3, 5), (5, 6), (7, 9), (0, 0)],
                  [None, "B-OG", "I-OG", "I-OG", "O", None]), note="개체 안의 공백"),
            Case(("가나다", [(0, 0), (0, 1), (1, 2), (2, 3), (0, 0)], [None, "I-PS", "I-LC", "B-LC", None]),
                 note="B- 없이 시작한 I-, 종류가 바뀌는 I-"),
            Case(("가", [(0, 0), (0, 1), (0, 0)], [None, "O", None]), note="개체 없음"),
        ],
        random_inputs=_random_pieces,
        n_random=40,
        time_limit=10.0,
        hints=["열린 개체를 `[시작, 끝, 종류]` 리스트로 들고 다니다가, 닫을 때 튜플로 목록에 넣으세요.",
               "반복이 끝난 뒤에도 열린 개체가 남아 있으면 넣는 것을 잊지 마세요."],
        solution=SPANS_SOLUTION,
        allows=PYTHON_ONLY,
        delegating=[
            "from bertlab.finetuning import piece_spans\n"
            "def decode_entities(text, offsets, piece_tags):\n"
            "    return [(s, e, k) for s, e, k, _ in piece_spans(text, offsets, piece_tags)]",
        ],
        wrong=[
            # I-를 종류와 상관없이 이어 붙임
            SPANS_SOLUTION.replace(" and current[2] == kind", ""),
            # B- 없이 시작한 I-를 버림
            SPANS_SOLUTION.replace("current = [start, end, kind] if kind is not None else None",
                                   "current = [start, end, kind] if kind is not None and tag.startswith(\"B-\") "
                                   "else None"),
            # 끝 위치를 조각의 시작으로
            SPANS_SOLUTION.replace("current[1] = end ", "current[1] = start"),
        ],
        blank="def decode_entities(text, offsets, piece_tags):\n    spans = []\n    ____\n    return ____",
        explanation="이렇게 얻은 구간을 B-/I-로 다시 칠하면 글자 태그가 되고, 그 위에서 KLUE와 같은 방식으로 채점합니다. "
                    "구간이 조각 단위라서 조사가 붙은 조각('##수는')의 끝까지 개체에 들어갑니다.",
    ),
    Function(
        name="entity_f1",
        title="개체 단위 정밀도·재현율·F1을 손으로",
        prompt="문장마다의 정답 글자 태그 목록 `gold`와 예측 태그 목록 `predicted`를 받아 개체 단위 `(정밀도, 재현율, F1)`을 "
               "돌려주는 `entity_f1(gold, predicted)`를 완성하세요. 개체는 `(시작, 끝, 종류)`이고 세 가지가 모두 같아야 "
               "맞힌 개체입니다. 모든 문장의 개체를 합쳐 셉니다(마이크로 평균). 분모가 0이면 그 값은 0.0입니다. "
               "개체 읽기 규칙은 연습 2와 같습니다(`B-X`가 열고, 같은 종류의 `I-X`가 이어 가고, 그 밖의 `I-X`도 엽니다).",
        reads="entity_f1",
        setup=_context,
        reference_function=_f1_reference,
        cases=[
            Case(([["B-PS", "I-PS", "O", "B-LC", "O"], ["B-DT", "O"]],
                  [["B-PS", "I-PS", "O", "B-OG", "O"], ["B-DT", "I-DT"]]), note="종류 틀림, 경계 틀림"),
            Case(([["O", "O", "O"]], [["O", "O", "O"]]), note="개체가 하나도 없음"),
            Case(([["B-QT", "I-QT", "O"]], [["O", "O", "O"]]), note="모두 O로 예측"),
        ],
        random_inputs=_random_f1,
        n_random=40,
        time_limit=10.0,
        hints=["문장마다 개체 집합을 만들면 맞힌 개체 수는 두 집합의 교집합 크기입니다.",
               "정밀도 = 맞힌 수 / 예측한 개체 수, 재현율 = 맞힌 수 / 정답 개체 수, F1 = 둘의 조화 평균."],
        solution=F1_SOLUTION,
        allows=PYTHON_ONLY,
        delegating=[
            "from seqeval.metrics import f1_score, precision_score, recall_score\n"
            "def entity_f1(gold, predicted):\n"
            "    return (float(precision_score(gold, predicted)), float(recall_score(gold, predicted)),\n"
            "            float(f1_score(gold, predicted)))",
        ],
        wrong=[
            # 글자(토큰) 단위로 센 값: 토큰 정확도처럼 부풀려짐
            "def entity_f1(gold, predicted):\n"
            "    pairs = [(g, p) for gs, ps in zip(gold, predicted) for g, p in zip(gs, ps) if g != 'O' or p != 'O']\n"
            "    right = sum(g == p for g, p in pairs)\n"
            "    value = right / len(pairs) if pairs else 0.0\n"
            "    return (value, value, value)",
            # 종류를 보지 않음
            F1_SOLUTION.replace("found.add((start, i, kind))", "found.add((start, i))"),
            # 정밀도와 재현율을 바꿈
            F1_SOLUTION.replace("return (precision, recall, f1)", "return (recall, precision, f1)"),
        ],
        blank="def entity_f1(gold, predicted):\n    ____\n    return ____",
        explanation="개체 단위 F1은 경계와 종류가 모두 맞아야 점수를 줍니다. 글자의 85% 이상이 O라서 '모두 O'도 토큰 "
                    "정확도는 높지만 개체 F1은 0입니다. 이것이 seqeval이 하는 일이고, KLUE-NER의 공식 지표도 같은 방식입니다.",
    ),
    Quiz(
        name="ignore_index",
        title="-100의 뜻",
        prompt="조각 레이블을 만들 때 [CLS]·[SEP]와 패딩 자리에 -100을 넣었습니다. 이 값이 하는 일로 가장 알맞은 것은 "
               "무엇입니까?",
        reads="answer_ignore",
        choices=["모델이 그 자리에서 -100번 태그를 예측하도록 가르친다",
                 "그 자리의 어텐션을 막아 다른 토큰이 보지 못하게 한다",
                 "교차 엔트로피 손실(`ignore_index=-100`)이 그 자리를 빼고 평균을 내, 정답이 없는 자리에서는 배우지 않는다",
                 "-100은 O 태그의 번호라서 그 자리를 개체 밖으로 가르친다"],
        answer=3,
        feedback={1: "태그 번호는 0부터 태그 수-1까지입니다. -100은 태그가 아니라 '이 자리는 채점하지 마'라는 표시입니다.",
                  2: "어텐션을 막는 것은 attention_mask입니다. -100은 레이블에만 쓰이고 모델의 계산은 그대로입니다.",
                  4: "이 레슨의 id2label에서 O는 0번입니다. -100은 어떤 태그의 번호도 아닙니다."},
        hints=["PyTorch의 `CrossEntropyLoss` 문서에서 `ignore_index`의 기본값을 찾아보세요."],
        explanation="`BertForTokenClassification`의 손실은 `CrossEntropyLoss`이고 기본 `ignore_index`가 -100입니다. 특수 토큰, "
                    "패딩, 한 글자의 뒤 바이트 조각처럼 글자 정답이 없는 자리는 손실과 토큰 정확도에서 모두 빠집니다.",
    ),
    Quiz(
        name="why_b_tag",
        title="B-가 있는 까닭",
        prompt="태그를 `PS`, `LC`, `O`처럼 종류만 쓰고 B-/I-를 없애면 어떤 정보를 잃습니까?",
        reads="answer_b_tag",
        choices=["개체가 몇 글자인지",
                 "같은 종류의 개체 둘이 바로 붙어 있을 때 어디서 나뉘는지",
                 "개체의 종류",
                 "문장 안에 개체가 있는지 없는지"],
        answer=2,
        feedback={1: "종류만 써도 같은 태그가 이어지는 길이로 글자 수는 알 수 있습니다. 문제는 두 개체가 맞닿을 때입니다.",
                  3: "종류는 태그에 그대로 남습니다.",
                  4: "O가 아닌 태그가 있으면 개체가 있다는 것은 그대로 압니다."},
        hints=["'<철수:PS><영희:PS>'처럼 공백 없이 붙은 두 이름을 종류만으로 태그해 보세요."],
        explanation="'철수영희'를 PS PS PS PS로만 쓰면 한 사람인지 두 사람인지 알 수 없습니다. B-PS I-PS B-PS I-PS는 두 번째 "
                    "B-에서 새 개체가 시작한다고 말해 줍니다. 그래서 조각 정렬에서도 개체의 첫 조각은 B-여야 합니다.",
    ),
]
