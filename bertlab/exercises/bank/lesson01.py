"""레슨 01(단어 임베딩에서 문맥 임베딩으로)의 연습 문제.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("01")``
"""

from bertlab.exercises import Case, Function, Quiz, Value
from bertlab.exercises.bank.families import MODEL_PROBE, TENSOR_MATH

SENTENCE_MONEY = "I need to go to the bank to deposit my paycheck."
SENTENCE_RIVER = "We sat on the bank of the river and watched the boats."


def _torch_only():
    import torch

    return {"torch": torch}


def _english_model():
    import torch

    from bertlab.models import load

    english = load("en-encoder")
    return {"torch": torch, "en_model": english.model, "en_tokenizer": english.tokenizer,
            "sentence_money": SENTENCE_MONEY, "sentence_river": SENTENCE_RIVER}


def _expected_similarities(ctx):
    """기대값은 학생 풀이와 다른 길(bertlab.embeddings.contextual, 오프셋으로 단어 찾기)로 계산합니다."""
    from bertlab.embeddings import compare_contexts
    from bertlab.models import load

    result = compare_contexts(load("en-encoder"), [SENTENCE_MONEY, SENTENCE_RIVER], "bank")
    return {"static_similarity": float(result.static_similarity[0, 1]),
            "contextual_similarity": float(result.contextual_similarity[0, 1])}


def _random_vectors(rng, ctx):
    torch = ctx["torch"]
    size = rng.randint(2, 16)
    u = torch.tensor([rng.uniform(-2, 2) for _ in range(size)])
    v = torch.tensor([rng.uniform(-2, 2) for _ in range(size)])
    return (u, v)


def _cosine_cases():
    def pair(a, b):
        return lambda ctx: (ctx["torch"].tensor(a), ctx["torch"].tensor(b))

    return [
        Case(pair([1.0, 0.0], [0.0, 1.0]), 0.0, note="직교하는 두 벡터"),
        Case(pair([1.0, 2.0, 3.0], [2.0, 4.0, 6.0]), 1.0, note="방향이 같고 길이만 다른 두 벡터"),
        Case(pair([1.0, 2.0], [-1.0, -2.0]), -1.0, note="정반대 방향"),
        Case(pair([3.0, 4.0], [4.0, 3.0]), 0.96, note="길이가 5인 두 벡터"),
    ]


COSINE_SOLUTION = """def cosine_similarity(u, v):
    return (u @ v / (u.norm() * v.norm())).item()"""

SIMILARITY_SOLUTION = """ids_money = en_tokenizer(sentence_money, return_tensors="pt")
ids_river = en_tokenizer(sentence_river, return_tensors="pt")
bank_id = en_tokenizer.convert_tokens_to_ids("bank")
pos_money = ids_money["input_ids"][0].tolist().index(bank_id)
pos_river = ids_river["input_ids"][0].tolist().index(bank_id)

table = en_model.get_input_embeddings().weight            # (V, H) 정적 임베딩 표
static_money = table[ids_money["input_ids"][0, pos_money]]
static_river = table[ids_river["input_ids"][0, pos_river]]
static_similarity = torch.cosine_similarity(static_money, static_river, dim=0).item()

with torch.no_grad():
    out_money = en_model(**ids_money).last_hidden_state   # (1, T, H)
    out_river = en_model(**ids_river).last_hidden_state
contextual_similarity = torch.cosine_similarity(out_money[0, pos_money], out_river[0, pos_river], dim=0).item()"""

PROBLEMS = [
    Function(
        name="cosine_similarity",
        title="코사인 유사도 구현하기",
        prompt="1차원 텐서 두 개 `u`, `v`를 받아 코사인 유사도를 파이썬 실수(float)로 돌려주는 "
               "`cosine_similarity(u, v)`를 완성하세요. 코사인 유사도 = (u·v) / (‖u‖ ‖v‖)입니다. "
               "`torch.cosine_similarity` 같은 라이브러리 함수 없이 내적과 노름으로 직접 계산합니다.",
        reads="cosine_similarity",
        setup=_torch_only,
        cases=_cosine_cases(),
        random_inputs=_random_vectors,
        n_random=8,
        hints=[
            "내적은 `u @ v`, 길이(노름)는 `u.norm()`으로 구합니다.",
            "0차원 텐서를 파이썬 숫자로 바꾸려면 `.item()`을 붙입니다.",
            "`return (u @ v / (u.norm() * v.norm())).item()`",
        ],
        solution=COSINE_SOLUTION,
        wrong=[
            "def cosine_similarity(u, v):\n    return (u @ v).item()",
            "def cosine_similarity(u, v):\n    return (u @ v / u.norm()).item()",
        ],
        blank="def cosine_similarity(u, v):\n    return ____",
        allows=TENSOR_MATH,
        delegating=[
            "def cosine_similarity(u, v):\n    return torch.cosine_similarity(u, v, dim=0).item()",
            "from torch.nn.functional import cosine_similarity as cos\n\n"
            "def cosine_similarity(u, v):\n    return cos(u, v, dim=0).item()",
            "def cosine_similarity(u, v):\n    from bertlab.embeddings import cosine\n    return cosine(u, v)",
        ],
        explanation="코사인 유사도는 두 벡터의 길이를 지우고 방향만 비교합니다. 같은 방향이면 1, 직교하면 0, "
                    "정반대면 -1입니다. `torch.cosine_similarity(u, v, dim=0)`도 같은 값을 줍니다.",
    ),
    Value(
        name="bank_similarities",
        title="두 'bank'의 정적·문맥 유사도",
        prompt="영어 인코더(`en_model`, `en_tokenizer`)로 `sentence_money`와 `sentence_river`에 나오는 "
               "'bank'를 비교하세요. (1) 각 문장의 입력 ID에서 'bank' 자리의 번호로 입력 임베딩 표의 행을 꺼내 "
               "코사인 유사도를 `static_similarity`에, (2) 모델의 마지막 층 출력(`last_hidden_state`)에서 같은 "
               "자리의 벡터를 꺼내 코사인 유사도를 `contextual_similarity`에 넣으세요(둘 다 float).",
        reads=("static_similarity", "contextual_similarity"),
        setup=_english_model,
        expected=_expected_similarities,
        atol=2e-3,
        rtol=0,
        time_limit=10.0,  # 답을 만든 셀을 다시 실행하며 추적합니다(모델 두 번)
        hints=[
            "'bank'의 토큰 번호는 `en_tokenizer.convert_tokens_to_ids(\"bank\")`, 문장 속 위치는 "
            "`enc[\"input_ids\"][0].tolist().index(bank_id)`로 찾습니다.",
            "입력 임베딩 표는 `en_model.get_input_embeddings().weight`(모양 (V, H))입니다.",
            "문맥 벡터는 `en_model(**enc).last_hidden_state[0, 위치]`입니다. `torch.no_grad()` 안에서 부르세요.",
        ],
        solution=SIMILARITY_SOLUTION,
        wrong=[
            "static_similarity = 1.0\ncontextual_similarity = 1.0",
            SIMILARITY_SOLUTION.replace("last_hidden_state", "hidden_states[0]").replace(
                "en_model(**ids_money)", "en_model(**ids_money, output_hidden_states=True)").replace(
                "en_model(**ids_river)", "en_model(**ids_river, output_hidden_states=True)"),
        ],
        allows=MODEL_PROBE,
        delegating=["from bertlab.embeddings import compare_contexts\nfrom bertlab.models import load\n\n"
                    "result = compare_contexts(load(\"en-encoder\"), [sentence_money, sentence_river], \"bank\")\n"
                    "static_similarity = float(result.static_similarity[0, 1])\n"
                    "contextual_similarity = float(result.contextual_similarity[0, 1])"],
        explanation="정적 벡터는 같은 토큰 번호의 같은 행이라 유사도가 정확히 1입니다. 문맥 벡터는 주변 단어가 "
                    "다르니 1보다 작습니다. `hidden_states[0]`(임베딩 층 출력)은 위치 임베딩이 더해져 1에 가깝지만 "
                    "정확히 1은 아니고, 아직 문맥은 거의 섞이지 않았습니다.",
    ),
    Quiz(
        name="gpt_context",
        title="GPT-1이 보는 문맥",
        prompt="\"나는 배를 타고 섬에 갔다\"에서 GPT-1이 '배를'의 표현을 만들 때 쓸 수 있는 단어는 무엇일까요?",
        reads="answer_gpt",
        choices=["'나는'과 '배를' 자신", "'타고 섬에 갔다'와 '배를' 자신", "문장 전체", "'배를' 자신만"],
        answer=1,
        feedback={2: "그것은 오른쪽 문맥입니다. GPT-1은 왼쪽에서 오른쪽으로 읽습니다.",
                  3: "문장 전체를 한꺼번에 보는 것은 BERT입니다.",
                  4: "GPT-1도 왼쪽 문맥은 봅니다."},
        hints=["GPT-1은 다음 단어를 예측하도록 훈련된 언어 모델입니다. 예측할 때 미래를 보면 안 됩니다."],
        explanation="GPT-1은 다음 단어 예측으로 훈련되므로 마스크드 셀프 어텐션으로 오른쪽을 가립니다. 그래서 "
                    "'배를'을 읽는 순간에는 뜻을 가려 줄 '타고'를 아직 보지 못합니다.",
    ),
    Quiz(
        name="elmo_shallow",
        title="ELMo는 왜 '얕은' 양방향일까?",
        prompt="ELMo는 양쪽 문맥을 모두 쓰는데도 '얕은 양방향(shallowly bidirectional)'이라고 불립니다. 왜일까요?",
        reads="answer_elmo",
        choices=["LSTM 층이 2개뿐이어서",
                 "오른쪽 문맥만 보기 때문에",
                 "트랜스포머 인코더를 쓰기 때문에",
                 "왼→오 LSTM과 오→왼 LSTM을 따로 훈련하고 결과를 이어 붙이기만 해서, 한 계산 안에서 양쪽 문맥이 "
                 "함께 쓰이지 않기 때문에"],
        answer=4,
        feedback={1: "층 수는 '얕다'는 말의 뜻이 아닙니다. 양쪽 정보가 어디서 만나는지를 생각해 보세요.",
                  2: "ELMo는 두 방향을 모두 씁니다.",
                  3: "ELMo는 LSTM 모델입니다. 트랜스포머 인코더는 BERT입니다."},
        hints=["ELMo의 정방향 LSTM이 '배를'을 읽는 순간 오른쪽 단어를 볼 수 있을까요? 두 방향의 결과는 어디서 처음 "
               "만날까요?"],
        explanation="정방향 LSTM은 오른쪽을, 역방향 LSTM은 왼쪽을 전혀 모른 채 계산하고, 두 결과는 마지막에 "
                    "이어 붙여질 뿐입니다. BERT는 모든 층의 모든 위치에서 양쪽을 함께 봅니다(깊은 양방향).",
    ),
    Quiz(
        name="encoder_side",
        title="인코더만 쌓았다는 것의 뜻",
        prompt="BERT는 원래 트랜스포머(2017)의 인코더만 가져다 쌓은 모델입니다. 여기서 바로 따라 나오는 BERT의 성질은 "
               "무엇일까요?",
        reads="answer_encoder",
        choices=["번역문을 한 단어씩 차례로 만들어 낼 수 있다",
                 "오른쪽 단어를 가린 셀프 어텐션을 쓴다",
                 "모든 층에서 각 토큰이 왼쪽과 오른쪽 토큰을 함께 본다",
                 "층마다 원문(인코더의 출력)을 참고하는 어텐션이 하나 더 있다"],
        answer=3,
        feedback={1: "한 단어씩 만들어 내는 것은 디코더의 일입니다. BERT에는 디코더가 없습니다.",
                  2: "오른쪽을 가리는 것은 디코더(그리고 GPT)의 셀프 어텐션입니다.",
                  4: "인코더의 출력을 참고하는 어텐션은 디코더 층에만 있습니다."},
        hints=["위에서 인코더와 디코더가 각각 무엇을 가리는지(또는 가리지 않는지) 다시 읽어 보세요."],
        explanation="BERT는 Bidirectional Encoder Representations from Transformers, 이름 그대로 트랜스포머 "
                    "인코더를 쌓은 모델입니다. 인코더의 셀프 어텐션은 아무 위치도 가리지 않으므로 모든 층에서 양방향이고, "
                    "글을 한 단어씩 만들어 내는 디코더 부품은 없습니다.",
    ),
]
