"""레슨 16(한국어 챗봇)의 연습 문제.

노트북에서: ``q1, q2, q3 = lesson_exercises("16")``

``torch.topk``는 허용합니다: 이 문제에서 배울 것은 길이를 1로 맞추고 행렬 곱 한 번으로 모든 코사인을 구하는 것이고,
큰 값 k개 고르기는 레슨 본문도 ``torch.topk``로 합니다. 코사인을 대신 계산해 주는 함수와 검색 함수는 막습니다.
"""

from bertlab.exercises import Case, Function, Quiz
from bertlab.exercises.bank.families import TENSOR_MATH
from bertlab.exercises.bank.lesson10 import _torch_only

TOP_K_SOLUTION = """def top_k(query, questions, k):
    q = query / query.norm()                                   # (H,) 길이 1
    v = questions / questions.norm(dim=-1, keepdim=True)       # (N, H) 길이 1
    scores = v @ q                                             # (N,) 코사인, 행렬 곱 한 번
    best = torch.topk(scores, k)
    return best.values, best.indices"""

ANSWER_SOLUTION = """def answer_or_dont_know(scores, answers, threshold):
    best = int(scores.argmax())
    if scores[best] < threshold:
        return "잘 모르겠어요."
    return answers[best]"""


def _tensors(query, questions, k):
    return lambda ctx: (ctx["torch"].tensor(query), ctx["torch"].tensor(questions), k)


def _random_search(rng, ctx):
    torch = ctx["torch"]
    n, width = rng.randint(3, 9), rng.randint(2, 6)
    query = torch.tensor([rng.uniform(-2, 2) for _ in range(width)])
    questions = torch.tensor([[rng.uniform(-2, 2) * rng.choice((0.2, 1, 5)) for _ in range(width)] for _ in range(n)])
    return (query, questions, rng.randint(1, n))


def _rows(n, rng, ctx):
    """행 수만 다른 검색 입력(행마다 도는 반복이 있는지 재는 데 씀): 질문 n개, 폭 8, k = 3."""
    torch = ctx["torch"]
    g = torch.Generator().manual_seed(rng.randint(0, 10_000))
    return (torch.randn(8, generator=g), torch.randn(n, 8, generator=g), 3)


def _scores(values, answers, threshold):
    return lambda ctx: (ctx["torch"].tensor(values), answers, threshold)


ANSWERS = ["푹 쉬세요.", "맛있는 거 드세요.", "시간이 약이에요."]

PROBLEMS = [
    Function(
        name="top_k", title="행렬 곱 한 번으로 코사인 top-k", reads="top_k", setup=_torch_only,
        prompt="질문 벡터 `query`(모양 (H,))와 저장된 질문 벡터들 `questions`(모양 (N, H), 길이가 제각각)를 받아 코사인이 "
               "큰 순서로 k개의 `(코사인 (k,), 행 번호 (k,))`를 돌려주는 `top_k(query, questions, k)`를 완성하세요. "
               "벡터를 길이 1로 맞춘 뒤 **행렬 곱 한 번**으로 N개의 코사인을 모두 구하고(행마다 도는 파이썬 반복문 없이) "
               "`torch.topk`로 고르세요. 코사인 함수나 검색 함수는 쓰지 않습니다.",
        cases=[Case(_tensors([1.0, 0.0], [[2.0, 0.0], [0.0, 1.0], [1.0, 1.0]], 2), note="길이가 다른 같은 방향"),
               Case(_tensors([1.0, 1.0], [[10.0, 0.0], [1.0, 1.2], [-1.0, -1.0]], 3), note="긴 벡터가 1등이 아님"),
               Case(_tensors([0.0, 3.0, 4.0], [[0.0, 0.6, 0.8], [1.0, 0.0, 0.0]], 1), note="k = 1")],
        random_inputs=_random_search, n_random=10, rows=_rows,
        hints=["길이 1로: `query / query.norm()`, `questions / questions.norm(dim=-1, keepdim=True)`.",
               "(N, H) @ (H,) -> (N,): 모든 질문과의 코사인이 한 번에 나옵니다. 그다음 `torch.topk(scores, k)`."],
        solution=TOP_K_SOLUTION,
        wrong=[TOP_K_SOLUTION.replace("v = questions / questions.norm(dim=-1, keepdim=True)", "v = questions"),
               TOP_K_SOLUTION.replace("torch.topk(scores, k)", "torch.topk(scores, k, largest=False)")],
        blank="def top_k(query, questions, k):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["import torch.nn.functional as F\n\n"
                    "def top_k(query, questions, k):\n"
                    "    best = torch.topk(F.cosine_similarity(questions, query[None, :], dim=-1), k)\n"
                    "    return best.values, best.indices"],
        explanation="길이를 맞추지 않은 내적은 길이가 긴 벡터를 편애합니다. 길이 1로 맞춰 두면 내적이 곧 코사인이고, "
                    "색인을 한 번 정규화해 저장해 두면 질문마다 행렬 곱 한 번(N×H 곱셈)만 하면 됩니다.",
    ),
    Function(
        name="answer_or_dont_know", title="모르면 모른다고 하기: 문턱값", reads="answer_or_dont_know",
        setup=_torch_only,
        prompt="저장된 질문들과의 코사인 `scores`(모양 (N,))와 그 질문들의 답 `answers`(길이 N인 리스트), 문턱값 "
               "`threshold`를 받아, 가장 높은 코사인이 문턱값 **이상**이면 그 질문의 답을, 아니면 문자열 "
               "`\"잘 모르겠어요.\"`를 돌려주는 `answer_or_dont_know`를 완성하세요.",
        cases=[Case(_scores([0.2, 0.9, 0.4], ANSWERS, 0.5), note="문턱값을 넘음"),
               Case(_scores([0.2, 0.3, 0.4], ANSWERS, 0.5), note="모두 문턱값 아래"),
               Case(_scores([0.1, 0.5, 0.75], ANSWERS, 0.75), note="문턱값과 똑같음"),
               Case(_scores([0.95, 0.1, 0.2], ANSWERS, 0.0), note="문턱값 0")],
        hints=["가장 높은 점수의 위치: `int(scores.argmax())`.", "`scores[best] < threshold`이면 모른다고 합니다."],
        solution=ANSWER_SOLUTION,
        wrong=[ANSWER_SOLUTION.replace("scores[best] < threshold", "scores[best] <= threshold"),
               ANSWER_SOLUTION.replace("scores.argmax()", "scores.argmin()")],
        blank="def answer_or_dont_know(scores, answers, threshold):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from bertlab.chatbot.bot import reply\n\n"
                    "def answer_or_dont_know(scores, answers, threshold):\n"
                    "    class Index:\n"
                    "        pairs = type('P', (), {'answers': answers, 'questions': answers})\n"
                    "        def scores(self, queries):\n"
                    "            return scores[None, :]\n"
                    "    found = reply(Index(), '질문', k=1, threshold=threshold)\n"
                    "    return found.answer if found.known else '잘 모르겠어요.'"],
        explanation="문턱값은 코사인 값이 뜻의 거리와 맞을 때만(SBERT처럼 보정된 인코더) 쓸모가 있습니다. 사전 훈련만 한 `[CLS]`는 "
                    "헛소리에도 0.9 가까이 나와서 어떤 문턱값도 헛소리와 진짜 질문을 가르지 못합니다.",
    ),
    Quiz(
        name="index_cache", title="색인 캐시는 언제 다시 만들어야 할까", reads="answer_cache",
        prompt="챗봇이 질문 11,823개의 벡터를 디스크에 캐시해 두었습니다. 다음 중 캐시를 **다시 만들 필요가 없는** 경우는?",
        choices=["같은 모델·같은 데이터로 노트북 커널만 다시 시작했다",
                 "인코더를 ko-mini-bert에서 강의 SBERT로 바꿨다",
                 "ChatbotData에 질문 몇 개를 더하거나 고쳤다",
                 "같은 모델인데 풀링을 `[CLS]`에서 평균 풀링으로 바꿨다"],
        answer=1,
        feedback={2: "모델이 바뀌면 같은 질문도 전혀 다른 벡터가 됩니다. 캐시 열쇠에 모델이 들어가는 이유입니다.",
                  3: "질문 목록이 바뀌면 행 수와 순서가 달라집니다. 열쇠의 데이터 지문이 이것을 잡습니다.",
                  4: "풀링이 바뀌면 같은 모델이라도 문장 벡터가 달라집니다."},
        hints=["벡터는 무엇으로 정해지나요? 모델(가중치), 풀링·접두어·최대 길이, 그리고 질문들입니다."],
        explanation="캐시의 열쇠는 벡터를 정하는 모든 것, 곧 모델 가중치와 풀링·접두어·최대 길이, 질문 목록의 지문입니다. "
                    "커널을 다시 시작해도 이것들은 그대로이므로 디스크의 캐시를 읽기만 하면 됩니다.",
    ),
]
