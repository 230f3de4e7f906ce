"""레슨 08(다음 문장 예측과 미니 사전 훈련)의 연습 문제.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("08")``

q3·q4의 기대값은 해답 코드가 아니라 transformers ``BertForPreTraining``이 직접 계산한 값
(``seq_relationship_logits``, ``loss``)입니다. 모델은 무작위 초기화한 작은 BERT라서 오프라인에서도
늘 같고, 공식은 가중치와 상관없이 성립합니다.
"""

from bertlab.exercises import Case, Function, Quiz, Statistic
from bertlab.exercises.bank.families import LAYER_WIRING, PRETRAINING_LOSS, PYTHON_ONLY, PYTHON_SAMPLING

CLS_ID, SEP_ID = 2, 3


def _documents_context():
    import random

    documents = [[f"문서{d}-문장{s}" for s in range(random.Random(d).randint(1, 6))] for d in range(60)]
    return {"documents": documents, "random": random}


def _measure_pairs(make_pairs, ctx):
    import random

    from bertlab.exercises.outcome import Incorrect

    documents = ctx["documents"]
    where = {sentence: (d, s) for d, doc in enumerate(documents) for s, sentence in enumerate(doc)}
    pairs = make_pairs(documents, 4000, random.Random(0))
    if not isinstance(pairs, list) or len(pairs) != 4000:
        raise Incorrect("`make_pairs`는 (a, b, is_next) 튜플 num_pairs개의 리스트를 돌려줘야 합니다.")
    bad_next = same_doc = unknown = 0
    for pair in pairs:
        if not isinstance(pair, tuple) or len(pair) != 3 or pair[0] not in where or pair[1] not in where:
            unknown += 1
            continue
        (da, sa), (db, sb) = where[pair[0]], where[pair[1]]
        if pair[2]:
            bad_next += not (da == db and sb == sa + 1)
        else:
            same_doc += da == db
    if unknown:
        raise Incorrect(f"{unknown}개 쌍이 (문장 A, 문장 B, is_next) 모양이 아니거나 문서에 없는 문장을 담고 있습니다.")
    return {"IsNext 비율": sum(bool(p[2]) for p in pairs) / len(pairs),
            "B가 바로 다음 문장이 아닌 IsNext 쌍": bad_next,
            "B가 같은 문서에서 온 NotNext 쌍": same_doc}


_PAIRS_SOLUTION = '''\
def make_pairs(documents, num_pairs, rng):
    usable = [d for d, doc in enumerate(documents) if len(doc) >= 2]   # 다음 문장이 있는 문서
    pairs = []
    for _ in range(num_pairs):
        d = rng.choice(usable)
        i = rng.randrange(len(documents[d]) - 1)                        # 마지막 문장은 A가 될 수 없음
        a = documents[d][i]
        if rng.random() < 0.5:                                          # IsNext
            pairs.append((a, documents[d][i + 1], True))
        else:                                                           # NotNext: 다른 문서의 문장
            other = rng.choice([k for k in range(len(documents)) if k != d])
            pairs.append((a, rng.choice(documents[other]), False))
    return pairs
'''


def _model_context():
    """무작위 초기화한 작은 BertForPreTraining과, 정답이 붙은 배치 하나."""
    import torch
    import torch.nn.functional as F

    from bertlab.pretraining import new_bert_for_pretraining
    from bertlab.pretraining import mask_tokens

    vocab = 200
    model = new_bert_for_pretraining(vocab, hidden_size=64, num_layers=2, num_heads=2, intermediate_size=128,
                                     max_position=32, dropout=0.0, seed=0).eval()
    g = torch.Generator().manual_seed(0)
    ids = torch.randint(5, vocab, (3, 14), generator=g)  # (B, T)
    ids[:, 0], ids[:, 6], ids[:, -1] = CLS_ID, SEP_ID, SEP_ID
    token_type_ids = torch.zeros_like(ids)
    token_type_ids[:, 7:] = 1
    special = (ids == CLS_ID) | (ids == SEP_ID)
    masked, labels = mask_tokens(ids, special, vocab, 4, mlm_probability=0.3, generator=g)
    nsp_labels = torch.tensor([0, 1, 0])
    with torch.no_grad():
        out = model(input_ids=masked, token_type_ids=token_type_ids, labels=labels,
                    next_sentence_label=nsp_labels, output_hidden_states=True)
    return {"torch": torch, "F": F, "toy_sequence_output": out.hidden_states[-1],
            "toy_pooler_dense": model.bert.pooler.dense, "toy_nsp_classifier": model.cls.seq_relationship,
            "toy_nsp_logits": out.seq_relationship_logits, "toy_prediction_logits": out.prediction_logits,
            "toy_labels": labels, "toy_next_sentence_label": nsp_labels, "toy_loss": out.loss.item()}


def _random_heads(rng, ctx):
    torch = ctx["torch"]
    torch.manual_seed(rng.randint(0, 2**31 - 1))
    size = rng.choice([4, 8, 16])
    with torch.no_grad():
        return (torch.randn(rng.randint(1, 4), rng.randint(2, 7), size),
                torch.nn.Linear(size, size), torch.nn.Linear(size, 2))


def _random_losses(rng, ctx):
    torch = ctx["torch"]
    g = torch.Generator().manual_seed(rng.randint(0, 2**31 - 1))
    batch, length, vocab = rng.randint(1, 4), rng.randint(4, 10), rng.choice([10, 30])
    labels = torch.full((batch, length), -100)
    chosen = torch.rand(batch, length, generator=g) < 0.3
    chosen[0, 1] = True
    labels[chosen] = torch.randint(vocab, (batch, length), generator=g)[chosen]
    return (torch.randn(batch, length, vocab, generator=g), torch.randn(batch, 2, generator=g), labels,
            torch.randint(2, (batch,), generator=g))


def _compare_scalar(actual, expected):
    from bertlab.exercises.compare import mismatch

    if hasattr(actual, "shape") and getattr(actual, "ndim", 0) != 0:
        return f"손실은 숫자 하나(0차원 텐서)여야 하는데 모양이 {tuple(actual.shape)}입니다."
    return mismatch(float(actual), float(expected), rtol=1e-4, atol=1e-5)


PROBLEMS = [
    Statistic(
        name="make_pairs", title="IsNext / NotNext 쌍 만들기", reads="make_pairs", setup=_documents_context,
        prompt="문서 목록 `documents`(문서 = 문장 문자열의 리스트)에서 NSP 쌍을 만드는 "
               "`make_pairs(documents, num_pairs, rng)`를 완성하세요. 쌍 하나는 `(a, b, is_next)` 튜플입니다. "
               "절반(확률 0.5)은 B가 같은 문서에서 A 바로 다음 문장(`is_next=True`), 나머지는 B가 다른 문서의 "
               "아무 문장(`is_next=False`)입니다. 난수는 주어진 `rng`(`random.Random`)로 뽑으세요. "
               "채점기는 문서 60개로 쌍 4,000개를 만들어 비율과 규칙을 잽니다.",
        measure=_measure_pairs, seed=0, time_limit=4.0,
        targets={"IsNext 비율": (0.5, 0.03), "B가 바로 다음 문장이 아닌 IsNext 쌍": (0, 0),
                 "B가 같은 문서에서 온 NotNext 쌍": (0, 0)},
        hints=["A는 '다음 문장이 있는' 자리에서만 고를 수 있습니다: 문장이 2개 이상인 문서의 마지막이 아닌 문장.",
               "`rng.random() < 0.5`로 IsNext/NotNext를 정합니다.",
               "NotNext의 B는 A의 문서 번호 `d`를 뺀 문서들 가운데서 고르세요: "
               "`rng.choice([k for k in range(len(documents)) if k != d])`."],
        solution=_PAIRS_SOLUTION,
        wrong=[_PAIRS_SOLUTION.replace("if k != d", ""),  # 같은 문서가 나올 수 있음
               _PAIRS_SOLUTION.replace("rng.random() < 0.5", "rng.random() < 0.8"),  # 80:20
               _PAIRS_SOLUTION.replace("documents[d][i + 1], True", "rng.choice(documents[d]), True")],
        blank="def make_pairs(documents, num_pairs, rng):\n    return ____",
        allows=PYTHON_SAMPLING,
        delegating=["from bertlab.pretraining import make_nsp_pairs\n\n"
                    "def make_pairs(documents, num_pairs, rng):\n"
                    "    return [(p.a, p.b, p.is_next) for p in make_nsp_pairs(documents, num_pairs, rng)]"],
        explanation="NotNext의 B를 같은 문서에서 고르면 '우연히 바로 다음 문장'이 섞여 레이블이 틀릴 수 있습니다. "
                    "BERT 원 논문도 NotNext의 B를 말뭉치의 무작위 문장(다른 문서)에서 가져왔습니다.",
    ),
    Function(
        name="encode_pair", title="[CLS] A [SEP] B [SEP]와 세그먼트 ID", reads="encode_pair",
        prompt="토큰 id 리스트 `a_ids`, `b_ids`를 받아 `([CLS] A [SEP] B [SEP]의 id 리스트, 세그먼트 ID 리스트)`를 "
               "돌려주는 `encode_pair(a_ids, b_ids, cls_id, sep_id)`를 완성하세요. 세그먼트 ID는 [CLS]·A·첫 [SEP]이 "
               "0, B·마지막 [SEP]이 1입니다.",
        cases=[Case(([10, 11], [20, 21, 22], 2, 3), ([2, 10, 11, 3, 20, 21, 22, 3], [0, 0, 0, 0, 1, 1, 1, 1])),
               Case(([7], [8], 101, 102), ([101, 7, 102, 8, 102], [0, 0, 0, 1, 1]), note="BERT 어휘의 id")],
        random_inputs=lambda rng, ctx: ([rng.randint(5, 99) for _ in range(rng.randint(1, 6))],
                                        [rng.randint(5, 99) for _ in range(rng.randint(1, 6))], 2, 3),
        hints=["리스트는 `+`로 이어 붙입니다: `[cls_id] + a_ids + [sep_id] + ...`",
               "세그먼트 0의 길이는 len(a_ids) + 2([CLS]와 첫 [SEP]), 세그먼트 1은 len(b_ids) + 1입니다."],
        solution="def encode_pair(a_ids, b_ids, cls_id, sep_id):\n"
                 "    input_ids = [cls_id] + list(a_ids) + [sep_id] + list(b_ids) + [sep_id]\n"
                 "    token_type_ids = [0] * (len(a_ids) + 2) + [1] * (len(b_ids) + 1)\n"
                 "    return input_ids, token_type_ids",
        wrong=["def encode_pair(a_ids, b_ids, cls_id, sep_id):\n"
               "    input_ids = [cls_id] + list(a_ids) + [sep_id] + list(b_ids) + [sep_id]\n"
               "    token_type_ids = [0] * (len(a_ids) + 1) + [1] * (len(b_ids) + 2)\n"
               "    return input_ids, token_type_ids",
               "def encode_pair(a_ids, b_ids, cls_id, sep_id):\n"
               "    input_ids = [cls_id] + list(a_ids) + [sep_id] + list(b_ids)\n"
               "    token_type_ids = [0] * (len(a_ids) + 2) + [1] * len(b_ids)\n"
               "    return input_ids, token_type_ids"],
        blank="def encode_pair(a_ids, b_ids, cls_id, sep_id):\n    return ____",
        allows=PYTHON_ONLY,
        delegating=["import bertlab.pretraining as pretraining\n\n"
                    "def encode_pair(a_ids, b_ids, cls_id, sep_id):\n"
                    "    return pretraining.encode_pair(a_ids, b_ids, cls_id, sep_id)"],
        explanation="첫 [SEP]은 A 쪽(세그먼트 0), 마지막 [SEP]은 B 쪽(세그먼트 1)에 속합니다. transformers 토크나이저에 "
                    "문장 두 개를 넣었을 때의 `token_type_ids`와 같습니다.",
    ),
    Function(
        name="nsp_head", title="[CLS] 벡터로 NSP 로짓 만들기", reads="nsp_logits_from_cls", setup=_model_context,
        prompt="마지막 층의 출력 `sequence_output`(모양 (B, T, H))에서 NSP 로짓(모양 (B, 2))을 만드는 "
               "`nsp_logits_from_cls(sequence_output, pooler_dense, nsp_classifier)`를 완성하세요. BERT는 "
               "[CLS] 자리(위치 0)의 벡터를 풀러(`pooler_dense` 선형 층 다음 tanh)에 통과시킨 뒤 "
               "`nsp_classifier` 선형 층으로 두 점수(IsNext, NotNext)를 냅니다. 채점기는 BertForPreTraining의 "
               "`seq_relationship_logits`와 비교합니다.",
        cases=[Case(lambda ctx: (ctx["toy_sequence_output"], ctx["toy_pooler_dense"], ctx["toy_nsp_classifier"]),
                    lambda ctx: ctx["toy_nsp_logits"], note="BertForPreTraining의 seq_relationship_logits")],
        random_inputs=_random_heads, n_random=6,
        hints=["[CLS] 벡터는 `sequence_output[:, 0]` (모양 (B, H))입니다.",
               "`torch.tanh(pooler_dense(cls_vector))`가 풀러 출력입니다.",
               "`return nsp_classifier(torch.tanh(pooler_dense(sequence_output[:, 0])))`"],
        solution="def nsp_logits_from_cls(sequence_output, pooler_dense, nsp_classifier):\n"
                 "    cls_vector = sequence_output[:, 0]                 # (B, H)\n"
                 "    pooled = torch.tanh(pooler_dense(cls_vector))      # (B, H)\n"
                 "    return nsp_classifier(pooled)                      # (B, 2)",
        wrong=["def nsp_logits_from_cls(sequence_output, pooler_dense, nsp_classifier):\n"
               "    return nsp_classifier(pooler_dense(sequence_output[:, 0]))",
               "def nsp_logits_from_cls(sequence_output, pooler_dense, nsp_classifier):\n"
               "    return nsp_classifier(torch.tanh(pooler_dense(sequence_output.mean(dim=1))))"],
        blank="def nsp_logits_from_cls(sequence_output, pooler_dense, nsp_classifier):\n    return ____",
        allows=LAYER_WIRING,  # 받은 두 선형 층과 tanh를 잇는 것이 문제입니다
        delegating=["from transformers import BertConfig\n"
                    "from transformers.models.bert.modeling_bert import BertPooler\n\n"
                    "def nsp_logits_from_cls(sequence_output, pooler_dense, nsp_classifier):\n"
                    "    pooler = BertPooler(BertConfig(hidden_size=sequence_output.shape[-1]))\n"
                    "    pooler.dense = pooler_dense   # 라이브러리의 풀러에 받은 층을 끼워 맡기기\n"
                    "    return nsp_classifier(pooler(sequence_output))"],
        explanation="[CLS]는 문장 앞에 늘 붙는 특수 토큰이라 특정 단어의 뜻에 묶이지 않습니다. 셀프 어텐션으로 "
                    "모든 토큰을 보고 만들어진 그 벡터가 '두 문장 전체'의 요약 역할을 하도록 NSP가 훈련시킵니다.",
    ),
    Function(
        name="total_loss", title="MLM 손실 + NSP 손실", reads="pretraining_total_loss", setup=_model_context,
        prompt="`pretraining_total_loss(prediction_logits, seq_relationship_logits, labels, next_sentence_label)`를 "
               "완성하세요. MLM 손실(고른 자리만의 교차 엔트로피 평균)과 NSP 손실(문장 쌍마다 2-분류 교차 엔트로피 "
               "평균)을 더한 값을 돌려줍니다. 채점기는 BertForPreTraining이 직접 계산한 `outputs.loss`와 비교합니다.",
        cases=[Case(lambda ctx: (ctx["toy_prediction_logits"], ctx["toy_nsp_logits"], ctx["toy_labels"],
                                 ctx["toy_next_sentence_label"]),
                    lambda ctx: ctx["toy_loss"], note="BertForPreTraining(...).loss")],
        random_inputs=_random_losses, n_random=8, compare=_compare_scalar,
        hints=["MLM: `F.cross_entropy(prediction_logits[chosen], labels[chosen])`, chosen = labels != -100.",
               "NSP: `F.cross_entropy(seq_relationship_logits, next_sentence_label)`.",
               "BERT는 두 손실을 가중치 없이 그냥 더합니다."],
        solution="def pretraining_total_loss(prediction_logits, seq_relationship_logits, labels, next_sentence_label):\n"
                 "    chosen = labels != -100\n"
                 "    mlm_loss = F.cross_entropy(prediction_logits[chosen], labels[chosen])\n"
                 "    nsp_loss = F.cross_entropy(seq_relationship_logits, next_sentence_label)\n"
                 "    return mlm_loss + nsp_loss",
        wrong=["def pretraining_total_loss(prediction_logits, seq_relationship_logits, labels, next_sentence_label):\n"
               "    chosen = labels != -100\n"
               "    mlm_loss = F.cross_entropy(prediction_logits[chosen], labels[chosen])\n"
               "    nsp_loss = F.cross_entropy(seq_relationship_logits, next_sentence_label)\n"
               "    return (mlm_loss + nsp_loss) / 2",
               "def pretraining_total_loss(prediction_logits, seq_relationship_logits, labels, next_sentence_label):\n"
               "    chosen = labels != -100\n"
               "    return F.cross_entropy(prediction_logits[chosen], labels[chosen])"],
        blank="def pretraining_total_loss(prediction_logits, seq_relationship_logits, labels, next_sentence_label):\n"
              "    return ____",
        allows=PRETRAINING_LOSS,  # 교차 엔트로피는 레슨 07에서 직접 구현했으니 써도 됩니다
        delegating=["from types import SimpleNamespace as ns\nfrom bertlab.pretraining import pretraining_loss\n\n"
                    "def pretraining_total_loss(prediction_logits, seq_relationship_logits, labels, next_sentence_label):\n"
                    "    model = ns(bert=lambda **kw: ns(last_hidden_state=prediction_logits,   # 강의의 손실 함수에 맡기기\n"
                    "                                    pooler_output=seq_relationship_logits),\n"
                    "               cls=ns(predictions=lambda h: h, seq_relationship=lambda p: p))\n"
                    "    batch = {\"input_ids\": None, \"attention_mask\": None, \"token_type_ids\": None,\n"
                    "             \"labels\": labels, \"next_sentence_label\": next_sentence_label}\n"
                    "    return pretraining_loss(model, batch).loss"],
        explanation="두 손실을 더한 값 하나로 역전파하면, 공유하는 인코더는 두 과제에 모두 도움이 되는 방향으로 "
                    "움직입니다. MLM 헤드와 NSP 헤드는 각자 자기 손실에서만 기울기를 받습니다.",
    ),
    Quiz(
        name="nsp_shortcut", title="NSP의 지름길", reads="answer_nsp_shortcut",
        prompt="NotNext의 B를 다른 문서에서 가져오면, 모델이 NSP를 맞히는 가장 쉬운 지름길은 무엇일까요?",
        choices=["B의 문법이 맞는지 보기", "두 문장의 주제가 같은지 보기", "두 문장의 길이 차이 보기",
                 "[SEP]이 몇 번째 자리에 있는지 보기"],
        answer=2,
        feedback={1: "NotNext의 B도 실제 말뭉치의 멀쩡한 문장이라 문법으로는 구별되지 않습니다.",
                  3: "길이는 IsNext와 NotNext에서 비슷하게 분포합니다.",
                  4: "[SEP] 위치는 A의 길이로만 정해지고 레이블과 상관이 없습니다."},
        hints=["NotNext의 B는 어디에서 옵니까? 같은 문서의 문장과 다른 문서의 문장은 무엇이 가장 크게 다를까요?"],
        explanation="다른 문서의 문장은 대개 주제부터 다릅니다. 그래서 NSP는 '문장의 순서와 연결'보다 '주제 일치'를 "
                    "배우기 쉽습니다. 이후 RoBERTa는 NSP를 빼도 성능이 떨어지지 않음을 보였고, ALBERT는 같은 문서의 "
                    "두 문장 순서를 맞히는 SOP(sentence order prediction)로 바꿨습니다.",
    ),
]
