"""레슨 09(문맥 임베딩: bank 벡터)의 연습 문제.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("09")``
"""

from bertlab.exercises import Case, Custom, Function, Quiz
from bertlab.exercises.bank.families import NUMPY_MATH, TENSOR_MATH


def _torch_only():
    import torch

    return {"torch": torch}


def _numpy_only():
    import numpy as np

    return {"np": np}


# ---- 연습 1: 조각 평균 -------------------------------------------------------------------------

def _hidden(rows):
    return lambda ctx: ctx["torch"].tensor(rows, dtype=ctx["torch"].float32)


def _word_vector_case(rows, offsets, start, end, note):
    return Case(lambda ctx: (_hidden(rows)(ctx), offsets, start, end), note=note)


WORD_VECTOR_CASES = [
    _word_vector_case([[0, 0], [1, 2], [3, 4], [5, 6], [7, 8], [9, 9]],
                      [(0, 0), (0, 2), (2, 5), (5, 9), (9, 10), (0, 0)], 0, 10,
                      "embeddings -> em ##bed ##ding ##s (조각 네 개)"),
    _word_vector_case([[0, 0], [1, 1], [2, 2], [3, 3], [5, 5]],
                      [(0, 0), (0, 2), (3, 4), (4, 5), (0, 0)], 3, 4,
                      "눈이 -> 눈 ##이 (조사 조각은 빼기)"),
    _word_vector_case([[9, 9], [1, -1], [4, 4], [8, 8]],
                      [(0, 0), (0, 2), (3, 5), (0, 0)], 3, 4,
                      "▁말을 한 조각(조사까지 한 조각이면 그 조각을 씀)"),
    _word_vector_case([[100, 100], [2, 4], [100, 100]], [(0, 0), (0, 4), (0, 0)], 0, 4,
                      "특수 토큰(오프셋 (0, 0))은 빼기"),
]


def _random_word_case(rng, ctx):
    torch = ctx["torch"]
    n_pieces, width = rng.randint(2, 8), rng.randint(2, 6)
    offsets, position = [(0, 0)], 0
    for _ in range(n_pieces):
        length = rng.randint(1, 3)
        offsets.append((position, position + length))
        position += length + rng.choice([0, 0, 1])      # 가끔 띄어쓰기
    offsets.append((0, 0))
    first = rng.randrange(1, n_pieces + 1)
    last = rng.randrange(first, min(first + 3, n_pieces + 1))
    start, end = offsets[first][0], offsets[last][1]
    hidden = torch.tensor([[rng.uniform(-3, 3) for _ in range(width)] for _ in offsets])
    return (hidden, offsets, start, end)


WORD_VECTOR_SOLUTION = """def word_vector(hidden, offsets, start, end):
    rows = [i for i, (s, e) in enumerate(offsets) if s < e and s < end and e > start]
    return hidden[rows].mean(dim=0)"""

# ---- 연습 2: 같은 뜻 - 다른 뜻 --------------------------------------------------------------------


def _gap_case(rows, senses, note):
    return Case(lambda ctx: (_hidden(rows)(ctx), senses), note=note)


def _random_gap_case(rng, ctx):
    torch = ctx["torch"]
    n, width = rng.randint(4, 9), rng.randint(2, 6)
    senses = [rng.choice("AB") for _ in range(n)]
    senses[0], senses[1], senses[2] = "A", "A", "B"
    vectors = torch.tensor([[rng.uniform(-2, 2) + (2 if s == "A" and j == 0 else 0) for j in range(width)]
                            for s in senses])
    return (vectors, senses)


GAP_SOLUTION = """def sense_gap(vectors, senses):
    unit = vectors / vectors.norm(dim=1, keepdim=True)
    sims = unit @ unit.T                                  # (N, N) 코사인
    within, across = [], []
    for i in range(len(senses)):
        for j in range(len(senses)):
            if i == j:
                continue
            (within if senses[i] == senses[j] else across).append(sims[i, j])
    return (sum(within) / len(within) - sum(across) / len(across)).item()"""

# ---- 연습 3: 최근접 이웃 -------------------------------------------------------------------------


def _nearest_case(query, rows, senses, note):
    return Case(lambda ctx: (_hidden([query])(ctx)[0], _hidden(rows)(ctx), senses), note=note)


def _random_nearest_case(rng, ctx):
    torch = ctx["torch"]
    n, width = rng.randint(2, 8), rng.randint(2, 6)
    refs = torch.tensor([[rng.uniform(-2, 2) for _ in range(width)] for _ in range(n)])
    refs = refs * torch.tensor([[rng.uniform(0.2, 5.0)] for _ in range(n)])   # 길이가 제각각
    query = torch.tensor([rng.uniform(-2, 2) for _ in range(width)])
    return (query, refs, [f"뜻{i}" for i in range(n)])


NEAREST_SOLUTION = """def nearest_sense(query, references, senses):
    sims = references @ query / (references.norm(dim=1) * query.norm())   # (N,) 코사인
    return senses[int(sims.argmax())]"""

# ---- 연습 5: 문턱값 --------------------------------------------------------------------------------

THRESHOLD_CASES = [
    ([0.9, 0.8, 0.7, 0.3, 0.2, 0.1], [True, True, True, False, False, False]),
    ([0.95, 0.9, 0.85, 0.8, 0.4, 0.3], [True, True, True, True, False, False]),
    ([0.9, 0.6, 0.55, 0.5, 0.45, 0.2, 0.1], [True, False, True, False, False, False, False]),
    ([0.81, 0.8, 0.79, 0.78], [False, False, False, False]),
    ([0.3, 0.5, 0.7, 0.9, 0.2, 0.6], [False, True, True, True, False, False]),
]


def _check_threshold(answers, ctx):
    import numpy as np

    function = answers["best_threshold"]
    for scores, labels in THRESHOLD_CASES:
        scores, labels = np.array(scores), np.array(labels)
        candidates = np.concatenate([[scores.min() - 1], np.sort(scores)])
        best = max(((scores > c) == labels).mean() for c in candidates)
        threshold = function(scores.copy(), labels.copy())
        try:
            threshold = float(threshold)
        except (TypeError, ValueError):
            return f"문턱값은 숫자(float)여야 합니다. 받은 값: {threshold!r}"
        got = ((scores > threshold) == labels).mean()
        if got < best - 1e-9:
            return (f"점수 {scores.tolist()}, 정답 {labels.tolist()}에서 문턱값 {threshold:.3f}의 정확도는 "
                    f"{got:.2f}인데, 더 좋은 문턱값으로 {best:.2f}까지 맞힐 수 있습니다.")
    return None


THRESHOLD_SOLUTION = """def best_threshold(scores, labels):
    candidates = [scores.min() - 1] + sorted(scores.tolist())   # 모든 점수 사이를 후보로
    accuracy = [((scores > c) == labels).mean() for c in candidates]
    return float(candidates[int(np.argmax(accuracy))])"""

PROBLEMS = [
    Function(
        name="word_vector", title="조각을 평균해 단어 벡터 만들기", reads="word_vector", setup=_torch_only,
        prompt="문장 하나의 은닉 상태 `hidden`(모양 (T, H) torch 텐서)과 조각마다의 글자 구간 `offsets`"
               "(`[(시작, 끝), ...]`, 특수 토큰은 `(0, 0)`)가 있습니다. 단어의 글자 구간 `[start, end)`와 "
               "**겹치는** 조각들의 벡터 평균 (H,)을 돌려주는 `word_vector(hidden, offsets, start, end)`를 "
               "완성하세요. 조각 `(s, e)`가 단어와 겹친다는 것은 `s < end`이고 `e > start`라는 뜻입니다.",
        cases=WORD_VECTOR_CASES, random_inputs=_random_word_case, n_random=10,
        hints=["먼저 겹치는 조각의 번호 목록을 만드세요. 특수 토큰은 `s == e`라 `s < e` 조건으로 걸러집니다.",
               "`rows = [i for i, (s, e) in enumerate(offsets) if s < e and s < end and e > start]`",
               "`hidden[rows].mean(dim=0)`"],
        solution=WORD_VECTOR_SOLUTION,
        wrong=["def word_vector(hidden, offsets, start, end):\n"
               "    rows = [i for i, (s, e) in enumerate(offsets) if s < e and s < end and e > start]\n"
               "    return hidden[rows[0]]",
               "def word_vector(hidden, offsets, start, end):\n"
               "    rows = [i for i, (s, e) in enumerate(offsets) if s <= end and e >= start]\n"
               "    return hidden[rows].mean(dim=0)",
               "def word_vector(hidden, offsets, start, end):\n"
               "    rows = [i for i, (s, e) in enumerate(offsets) if s < e and s < end and e > start]\n"
               "    return hidden[rows].sum(dim=0)"],
        blank="def word_vector(hidden, offsets, start, end):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from bertlab.embeddings import pieces_for_span\n\n"
                    "def word_vector(hidden, offsets, start, end):\n"
                    "    text = 'x' * max(e for _, e in offsets)              # 공백 없는 가짜 원문\n"
                    "    return hidden[pieces_for_span(text, offsets, start, end)].mean(dim=0)"],
        explanation="조각 하나만 쓰면(예: 첫 조각) 단어의 나머지 정보를 버리고, 특수 토큰이나 조사 조각을 넣으면 "
                    "단어와 상관없는 정보가 섞입니다. 겹침 조건 `s < end and e > start`는 구간 두 개가 한 글자라도 "
                    "공유하는지 묻습니다. `bertlab.embeddings.word_extraction.pieces_for_span`도 같은 규칙입니다.",
    ),
    Function(
        name="sense_gap", title="같은 뜻끼리와 다른 뜻끼리의 차이", reads="sense_gap", setup=_torch_only,
        prompt="벡터 `vectors`(모양 (N, H))와 뜻 레이블 `senses`(길이 N)가 있습니다. 서로 다른 두 문장 쌍 가운데 "
               "뜻이 같은 쌍의 평균 코사인에서 뜻이 다른 쌍의 평균 코사인을 뺀 값(float)을 돌려주는 "
               "`sense_gap(vectors, senses)`를 완성하세요. 자기 자신과의 쌍(i == j)은 빼야 합니다.",
        cases=[_gap_case([[1, 0], [2, 0], [0, 1], [0, 3]], ["A", "A", "B", "B"], "완전히 갈라진 두 뜻"),
               _gap_case([[1, 1], [1, 1], [1, 1]], ["A", "A", "B"], "모두 같은 방향"),
               _gap_case([[1, 0], [1, 0.2], [0.9, 0.1], [-1, 0.5], [0.2, 1]], ["x", "x", "y", "y", "y"],
                         "개수가 다른 두 뜻")],
        random_inputs=_random_gap_case, n_random=8, rtol=1e-4, atol=1e-5,
        hints=["벡터를 길이 1로 나눈 뒤 `unit @ unit.T`로 모든 쌍의 코사인 행렬을 만드세요.",
               "i == j인 칸(대각선)은 자기 자신과의 유사도 1이라 같은 뜻 평균을 부풀립니다. 꼭 빼세요.",
               "두 목록 within, across에 나눠 담은 뒤 평균끼리 빼면 됩니다. 마지막에 `.item()`으로 float로."],
        solution=GAP_SOLUTION,
        wrong=[GAP_SOLUTION.replace("            if i == j:\n                continue\n", ""),
               GAP_SOLUTION.replace("    unit = vectors / vectors.norm(dim=1, keepdim=True)\n",
                                    "    unit = vectors\n")],
        blank="def sense_gap(vectors, senses):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from bertlab.embeddings import sense_similarity\n\n"
                    "def sense_gap(vectors, senses):\n"
                    "    result = sense_similarity(vectors.numpy()[:, None, :], senses)   # 층이 하나뿐인 꼴로\n"
                    "    return float(result.gap[0])"],
        explanation="대각선(자기 자신, 유사도 1)을 넣으면 같은 뜻 쪽 평균이 부풀어 뜻을 가르지 못하는 모델도 "
                    "가르는 것처럼 보입니다. `bertlab.embeddings.polysemy.sense_similarity`가 층마다 이 계산을 합니다.",
    ),
    Quiz(
        name="anisotropy", title="이방성", reads="answer_anisotropy",
        prompt="뜻이 다른 `bank` 두 개의 문맥 임베딩도 코사인 유사도가 꽤 높게 나옵니다. 가장 큰 이유는?",
        choices=["층 출력 벡터들이 좁은 원뿔에 몰려 있어 모든 벡터가 큰 공통 성분을 공유해서(이방성)",
                 "모델이 두 뜻을 전혀 구별하지 못해서",
                 "코사인 유사도는 원래 0.5보다 작게 나올 수 없어서",
                 "두 문장의 길이가 비슷해서"],
        answer=1,
        feedback={2: "최근접 이웃 정확도를 보면 모델은 뜻을 구별합니다. 다만 모든 값이 함께 높게 나올 뿐입니다.",
                  3: "코사인 유사도는 -1부터 1까지 나올 수 있습니다. 평균 벡터를 빼면 음수도 흔히 나옵니다.",
                  4: "문장 길이와는 상관이 없습니다. 서로 다른 단어끼리도 유사도가 높게 나왔던 것을 떠올려 보세요."},
        hints=["3절의 '아무 다른 토큰끼리' 곡선을 다시 보세요."],
        explanation="Ethayarajh(2019)는 BERT 같은 모델의 층 출력이 좁은 원뿔에 몰려 있어 아무 두 단어도 코사인이 "
                    "높다는 것을 보였습니다. 평균 벡터를 빼면 이 공통 성분이 사라져 뜻의 차이가 드러납니다.",
    ),
    Function(
        name="nearest_sense", title="최근접 이웃으로 뜻 맞히기", reads="nearest_sense", setup=_torch_only,
        prompt="질의 벡터 `query`(모양 (H,))와 뜻을 아는 참조 벡터 `references`(모양 (N, H)), 뜻 레이블 "
               "`senses`(길이 N)가 있습니다. `query`와 **코사인 유사도**가 가장 큰 참조 벡터의 뜻을 돌려주는 "
               "`nearest_sense(query, references, senses)`를 완성하세요.",
        cases=[_nearest_case([1, 0.1], [[1, 0], [0, 1]], ["은행", "강둑"], "가까운 쪽"),
               _nearest_case([1, 1], [[10, 0], [0.5, 0.6]], ["은행", "강둑"],
                             "길이가 긴 벡터에 속지 않기(내적이 아니라 코사인)"),
               _nearest_case([-1, 0], [[1, 0], [0, 1], [-0.1, -0.1]], ["가", "나", "다"], "음수 방향")],
        random_inputs=_random_nearest_case, n_random=10,
        hints=["코사인 = 내적 / (길이 × 길이). `references @ query`가 N개의 내적입니다.",
               "`references.norm(dim=1)`이 참조 벡터마다의 길이입니다.",
               "`senses[int(sims.argmax())]`"],
        solution=NEAREST_SOLUTION,
        wrong=["def nearest_sense(query, references, senses):\n"
               "    return senses[int((references @ query).argmax())]",
               NEAREST_SOLUTION.replace("argmax", "argmin")],
        blank="def nearest_sense(query, references, senses):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from bertlab.embeddings import classify_by_nearest\n\n"
                    "def nearest_sense(query, references, senses):\n"
                    "    return classify_by_nearest(query.numpy(), references.numpy(), senses)[0]"],
        explanation="내적만 쓰면 길이가 긴 벡터가 늘 이깁니다. 문맥 임베딩은 토큰마다 길이가 제각각이라 방향만 "
                    "비교하는 코사인을 씁니다. `bertlab.embeddings.polysemy.classify_by_nearest`가 같은 일을 합니다.",
    ),
    Custom(
        name="best_threshold", title="WiC 문턱값 고르기", reads="best_threshold", setup=_numpy_only,
        prompt="쌍마다의 코사인 `scores`(1차원 numpy 배열)와 정답 `labels`(같은 뜻이면 True)가 있습니다. "
               "`scores > 문턱값`이면 같은 뜻으로 판정할 때 정확도가 **가장 높아지는** 문턱값(float)을 돌려주는 "
               "`best_threshold(scores, labels)`를 완성하세요. 가장 좋은 문턱값이 여럿이면 아무거나 괜찮습니다.",
        rule=_check_threshold,
        hints=["문턱값이 두 점수 사이 어디에 있든 판정은 같습니다. 그러니 점수 값 자체(와 가장 작은 점수보다 "
               "작은 값 하나)만 후보로 보면 충분합니다.",
               "후보마다 `((scores > c) == labels).mean()`으로 정확도를 재고 가장 큰 것을 고르세요.",
               "모두 '다른 뜻'이 정답인 경우도 있습니다. 그때는 가장 큰 점수 이상의 문턱값이 답입니다."],
        solution=THRESHOLD_SOLUTION,
        wrong=["def best_threshold(scores, labels):\n    return float(np.median(scores))",
               "def best_threshold(scores, labels):\n    return float(scores.mean())",
               "def best_threshold(scores, labels):\n    return 0.5"],
        blank="def best_threshold(scores, labels):\n    return ____",
        allows=NUMPY_MATH,
        delegating=["from bertlab.embeddings import tune_threshold\n\n"
                    "def best_threshold(scores, labels):\n    return tune_threshold(scores, labels)[0]"],
        explanation="학습하는 것이 숫자 하나뿐이라, WiC 정확도는 문맥 임베딩 자체가 뜻을 얼마나 담는지를 보여 줍니다. "
                    "`bertlab.embeddings.wic.tune_threshold`는 같은 일을 점수 사이의 중간값을 후보로 해서 합니다.",
    ),
]
