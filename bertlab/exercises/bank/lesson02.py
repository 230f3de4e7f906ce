"""레슨 02(BERT의 구조와 크기)의 연습 문제: BERT-Base의 파라미터를 손으로 세어 ``num_parameters()``와
정확히 맞추기.

노트북에서: ``q1, q2, q3, q4, q5, q6 = lesson_exercises("02")``
기대값은 손으로 적지 않고 transformers의 ``BertModel``(모양만 있는 meta 모델)에서 직접 셉니다.
"""

from bertlab.exercises import Case, Function, Quiz, Value
from bertlab.exercises.bank.families import PYTHON_ONLY

BASE_NUMBERS = {"V": 30522, "H": 768, "P": 512, "S": 2, "L": 12, "F": 3072}


def _numbers():
    return dict(BASE_NUMBERS)


def _library_count(prefix: str = "") -> int:
    """BERT-Base ``BertModel``에서 이름이 prefix로 시작하는 파라미터의 개수."""
    from bertlab.architecture import shape_only_model

    model = shape_only_model()
    return sum(p.numel() for name, p in model.named_parameters() if name.startswith(prefix))


def _random_size(rng, ctx):
    hidden = rng.choice([64, 128, 256, 384, 512, 768, 1024])
    return (rng.randint(1, 24), hidden, rng.choice([1000, 8000, 30522, 32000, 119547]), rng.choice([128, 512]))


def _reference_count(layers, hidden, vocab, positions):
    from bertlab.architecture import count_parameters

    return count_parameters(layers=layers, hidden=hidden, heads=1, vocab=vocab, max_positions=positions).total


EMBEDDING_SOLUTION = "embedding_params = (V + P + S) * H + 2 * H"
LAYER_SOLUTION = ("attention = 4 * (H * H + H)\n"
                  "ffn = H * F + F + F * H + H\n"
                  "layer_norms = 2 * (2 * H)\n"
                  "layer_params = attention + ffn + layer_norms")
TOTAL_SOLUTION = (EMBEDDING_SOLUTION + "\n" + LAYER_SOLUTION + "\n"
                  "pooler = H * H + H\n"
                  "bert_base_total = embedding_params + L * layer_params + pooler")

FUNCTION_SOLUTION = """def count_bert_parameters(L, H, V, P):
    F = 4 * H
    embeddings = (V + P + 2) * H + 2 * H
    layer = 4 * (H * H + H) + (H * F + F + F * H + H) + 2 * (2 * H)
    pooler = H * H + H
    return embeddings + L * layer + pooler"""

PROBLEMS = [
    Value(
        name="embedding_params",
        title="임베딩 층의 파라미터",
        prompt="BERT-Base의 임베딩 층(토큰·위치·세그먼트 표 세 개 + 층 정규화 하나)의 파라미터 수를 "
               "`embedding_params`에 넣으세요. 변수 `V`(어휘 30,522), `P`(최대 위치 512), `S`(세그먼트 2), "
               "`H`(768)를 써도 됩니다.",
        reads="embedding_params",
        setup=_numbers,
        expected=lambda ctx: _library_count("embeddings."),
        hints=["표 하나는 (행 수) × H개의 수입니다.",
               "층 정규화는 배율 γ(`weight`)와 이동 β(`bias`) 벡터 두 개, 각각 H개입니다.",
               "`(V + P + S) * H + 2 * H`"],
        solution=EMBEDDING_SOLUTION,
        wrong=["embedding_params = V * H", "embedding_params = (V + P + S) * H"],
        allows=PYTHON_ONLY,
        delegating=["from bertlab.architecture import shape_only_model\n\n"
                    "embedding_params = sum(p.numel() for name, p in shape_only_model().named_parameters()\n"
                    "                       if name.startswith(\"embeddings.\"))",
                    "from bertlab.architecture import count_parameters\n\n"
                    "counted = count_parameters()\n"
                    "embedding_params = counted.embeddings + counted.embedding_layernorm"],
        explanation="토큰 표 30,522×768, 위치 표 512×768, 세그먼트 표 2×768에 층 정규화 2×768을 더해 "
                    "23,837,184개입니다. BERT-Base 전체의 약 22%가 단어 표입니다.",
    ),
    Value(
        name="layer_params",
        title="인코더 층 하나의 파라미터",
        prompt="BERT-Base 인코더 층 하나의 파라미터 수를 `layer_params`에 넣으세요. 층 하나에는 "
               "셀프 어텐션(쿼리·키·값·출력 투영, 모두 H×H 행렬 + 편향), 층 정규화 두 개, "
               "피드포워드(H→F, F→H 선형 층, F = 3072)가 있습니다.",
        reads="layer_params",
        setup=_numbers,
        expected=lambda ctx: _library_count("encoder.layer.0."),
        hints=["선형 층 하나(입력 a, 출력 b)의 파라미터는 a×b개의 가중치 + b개의 편향입니다.",
               "어텐션은 선형 층 4개(H→H), 피드포워드는 H→F와 F→H 2개입니다.",
               "헤드 수 A는 H를 나눠 쓰는 방법일 뿐이라 식에 나오지 않습니다."],
        solution=LAYER_SOLUTION,
        wrong=["layer_params = 4 * H * H + 2 * H * F",
               "layer_params = 4 * (H * H + H) + (H * F + F + F * H + H)"],
        allows=PYTHON_ONLY,
        delegating=["import bertlab.architecture as arch\n\nlayer_params = arch.count_parameters().per_layer"],
        explanation="어텐션 2,362,368 + 피드포워드 4,722,432 + 층 정규화 3,072 = 7,087,872개. "
                    "피드포워드가 어텐션의 두 배입니다.",
    ),
    Value(
        name="bert_base_total",
        title="BERT-Base 전체 = num_parameters()",
        prompt="임베딩 층 + 인코더 층 L=12개 + 풀러(pooler: [CLS] 벡터에 거는 H→H 선형 층)를 모두 더해 "
               "BERT-Base의 전체 파라미터 수를 `bert_base_total`에 넣으세요. "
               "`BertModel(BertConfig()).num_parameters()`와 한 개도 틀리지 않고 같아야 합니다.",
        reads="bert_base_total",
        setup=_numbers,
        expected=lambda ctx: _library_count(""),
        hints=["앞의 두 문제에서 구한 값을 그대로 쓰세요.",
               "풀러는 H→H 선형 층 하나입니다: H×H + H."],
        solution=TOTAL_SOLUTION,
        wrong=[EMBEDDING_SOLUTION + "\n" + LAYER_SOLUTION + "\nbert_base_total = embedding_params + L * layer_params",
               "bert_base_total = 110_000_000"],
        allows=PYTHON_ONLY,
        delegating=["import torch\nfrom transformers import BertConfig, BertModel\n\n"
                    "with torch.device(\"meta\"):   # 무게 값 없이 모양만\n"
                    "    model = BertModel(BertConfig())\n"
                    "bert_base_total = model.num_parameters()",
                    "from bertlab.architecture import library_parameter_count as count\n\nbert_base_total = count()"],
        explanation="23,837,184 + 12 × 7,087,872 + 590,592 = 109,482,240. 논문의 '110M'은 이 수를 반올림한 것입니다.",
    ),
    Function(
        name="count_bert_parameters",
        title="아무 크기나 세는 함수",
        prompt="층 수 `L`, 은닉 크기 `H`, 어휘 크기 `V`, 최대 위치 수 `P`를 받아 BERT의 전체 파라미터 수를 "
               "돌려주는 `count_bert_parameters(L, H, V, P)`를 완성하세요. 피드포워드 크기는 4H, 세그먼트는 "
               "2종류, 풀러를 포함합니다.",
        reads="count_bert_parameters",
        cases=[
            Case((12, 768, 30522, 512), 109_482_240, note="BERT-Base"),
            Case((24, 1024, 30522, 512), 335_141_888, note="BERT-Large"),
            Case((2, 128, 30522, 512), 4_385_920, note="BERT-Tiny"),
            Case((12, 384, 250037, 512), note="multilingual-e5-small 크기"),
        ],
        random_inputs=_random_size,
        n_random=10,
        reference_function=_reference_count,
        hints=["앞의 세 문제의 식에서 숫자 대신 함수가 받은 L, H, V, P를 쓰면 됩니다.", "F = 4 * H로 두세요."],
        solution=FUNCTION_SOLUTION,
        wrong=[FUNCTION_SOLUTION.replace("    return embeddings + L * layer + pooler",
                                         "    return embeddings + L * layer"),
               FUNCTION_SOLUTION.replace("(V + P + 2) * H", "(V + 2) * H")],
        blank="def count_bert_parameters(L, H, V, P):\n    return ____",
        allows=PYTHON_ONLY,
        delegating=["from bertlab.architecture import count_parameters\n\n"
                    "def count_bert_parameters(L, H, V, P):\n"
                    "    return count_parameters(layers=L, hidden=H, heads=1, vocab=V, max_positions=P).total",
                    "import torch\nimport transformers\nfrom transformers.models.bert import modeling_bert as bert\n\n"
                    "def count_bert_parameters(L, H, V, P):   # 모델 전체 대신 부품 하나씩(빠르게) 만들어 셈\n"
                    "    config = transformers.BertConfig(hidden_size=H, num_attention_heads=1, vocab_size=V,\n"
                    "                                     max_position_embeddings=P, intermediate_size=4 * H)\n"
                    "    with torch.device(\"meta\"):\n"
                    "        parts = [bert.BertEmbeddings(config), bert.BertLayer(config), bert.BertPooler(config)]\n"
                    "    sizes = [sum(p.numel() for p in part.parameters()) for part in parts]\n"
                    "    return sizes[0] + L * sizes[1] + sizes[2]"],
        explanation="이 함수 하나로 BERT-Tiny(440만)부터 BERT-Large(3.4억)까지 모두 정확히 셀 수 있습니다. "
                    "작은 모델일수록 임베딩 표가 차지하는 비율이 커집니다.",
    ),
    Quiz(
        name="heads_and_parameters",
        title="헤드 수를 바꾸면?",
        prompt="BERT-Base(H=768)에서 헤드 수 A만 12에서 16으로 바꾸면(헤드당 48차원) 파라미터 수는 어떻게 될까요?",
        reads="answer_heads",
        choices=["늘어난다", "줄어든다", "그대로다", "16/12배가 된다"],
        answer=3,
        feedback={1: "쿼리·키·값 행렬은 여전히 H×H입니다. 헤드는 이 H차원을 나눠 쓸 뿐입니다.",
                  2: "행렬 크기는 H로만 정해집니다.",
                  4: "파라미터 식에 A가 들어가지 않습니다."},
        hints=["연습 2에서 센 셀프 어텐션의 행렬 네 개는 모양이 무엇이었나요? 그 모양에 A가 들어가나요?"],
        explanation="멀티 헤드 어텐션은 H×H 투영의 결과를 A조각으로 나눠 따로 어텐션을 계산합니다. "
                    "그래서 A를 바꿔도 파라미터 수는 같고, 계산 방식만 달라집니다.",
    ),
    Quiz(
        name="uncased_korean",
        title="uncased 모델에 한국어를 넣으면?",
        prompt="위 셀에서 영어 uncased 토크나이저가 '한국어'를 자른 결과를 보세요. 한국어 문장을 영어 uncased BERT에 "
               "넣으면 어떤 일이 생길까요?",
        reads="answer_uncased",
        choices=["한글에는 대소문자와 악센트가 없으므로 아무 영향이 없다",
                 "정규화 단계에서 한글 글자가 모두 지워져 빈 입력이 된다",
                 "한글이 로마자(영어 소문자)로 바뀌어 영어 단어처럼 처리된다",
                 "음절 하나가 자모 조각 여러 개로 쪼개져 입력이 훨씬 길어지고, 모델은 음절과 단어의 뜻을 자모에서 "
                 "다시 짜 맞춰야 한다"],
        answer=4,
        feedback={1: "대소문자는 없지만, 악센트를 지우는 단계가 먼저 유니코드 분해(NFD)를 합니다. 출력을 다시 보세요.",
                  2: "정규화는 글자를 지우지 않습니다. 출력에 조각이 남아 있지요.",
                  3: "한글을 로마자로 옮기는 정규화는 없습니다."},
        hints=["'한국어' 세 글자가 조각 몇 개가 되었는지 세어 보세요. 조각 하나하나는 무엇인가요?"],
        explanation="악센트를 떼려고 é를 e + ́ 로 나누는 NFD 분해가 한글 음절도 초성·중성·종성으로 나눕니다. 그래서 "
                    "한국어에는 cased 모델(다국어 BERT라면 Multilingual Cased)이나 한국어 전용 모델을 씁니다.",
    ),
]
