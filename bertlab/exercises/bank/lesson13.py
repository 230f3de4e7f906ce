"""레슨 13(문장 쌍 분류·회귀: NLI와 STS)의 연습 문제.

노트북에서: ``q1, q2, q3, q4 = lesson_exercises("13")``
"""

from bertlab.exercises import Case, Function, Quiz
from bertlab.exercises.bank.families import PAIR_ENCODING, PYTHON_ONLY, TENSOR_MATH

SENTENCES = ["비가 온다.", "남자가 기타를 치고 있다.", "회의는 내일 오전 10시에 시작합니다.", "고양이가 소파 위에서 잔다 😺",
             "이 영화 정말 재밌어요", "漢字가 섞인 문장", "서울 지하철 2호선이 오늘 아침 한 시간 동안 멈췄다.",
             "아무도 오지 않았다.", "그는 한마디도 하지 않았다.", "정부는 새 정책을 다음 달부터 시행한다고 밝혔다."]


def _tokenizer():
    from transformers import AutoTokenizer

    from bertlab.models import offline_dir

    return {"tokenizer": AutoTokenizer.from_pretrained(str(offline_dir("ko-mini-bert")))}


def _random_pair(rng, ctx):
    a, b = rng.choice(SENTENCES), rng.choice(SENTENCES)
    return (a, b, rng.randint(4, 24))


PAIR_SOLUTION = """def pair_inputs(a, b, max_length):
    a_ids = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(a))
    b_ids = tokenizer.convert_tokens_to_ids(tokenizer.tokenize(b))
    budget = max_length - 3                                  # [CLS], [SEP], [SEP]
    if len(a_ids) + len(b_ids) > budget:
        if len(a_ids) > len(b_ids):                          # B가 짧은 쪽
            keep_b = min(len(b_ids), budget // 2)
            keep_a = budget - keep_b
        else:                                                # A가 짧은 쪽(같으면 A)
            keep_a = min(len(a_ids), budget // 2)
            keep_b = budget - keep_a
        a_ids, b_ids = a_ids[:keep_a], b_ids[:keep_b]
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    input_ids = [cls] + a_ids + [sep] + b_ids + [sep]
    token_type_ids = [0] * (len(a_ids) + 2) + [1] * (len(b_ids) + 1)
    return input_ids, token_type_ids"""

MSE_SOLUTION = """def regression_loss(predictions, scores):
    predictions = predictions.reshape(-1)                    # (B, 1) -> (B,)
    return ((predictions - scores) ** 2).mean()"""

SPEARMAN_SOLUTION = """def average_ranks(values):
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for k in range(start, end + 1):
            ranks[order[k]] = (start + end) / 2 + 1          # 동점은 평균 순위
        start = end + 1
    return ranks


def my_spearman(x, y):
    rx, ry = average_ranks(list(x)), average_ranks(list(y))
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sx = sum((a - mx) ** 2 for a in rx) ** 0.5
    sy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (sx * sy)"""


def _loss_case(predictions, scores, note):
    def args(ctx):
        import torch

        return (torch.tensor(predictions), torch.tensor(scores))
    return Case(args=args, note=note)


def _random_loss(rng, ctx):
    import torch

    size = rng.randint(1, 8)
    predictions = torch.tensor([[rng.uniform(-1, 6)] for _ in range(size)])   # 모델 출력 모양 (B, 1)
    return (predictions, torch.tensor([round(rng.uniform(0, 5), 1) for _ in range(size)]))


def _random_scores(rng, ctx):
    size = rng.randint(3, 12)
    x = [rng.choice([0.0, 1.0, 2.5, 3.0, 4.2, 5.0]) if rng.random() < 0.5 else round(rng.uniform(0, 5), 2)
         for _ in range(size)]
    y = [round(v + rng.uniform(-2, 2), 1) for v in x]
    x[0], x[1], y[0], y[1] = 1.0, 2.0, 0.0, 3.0                  # 상수가 되지 않게
    return (x, y)


PROBLEMS = [
    Function(
        name="pair_inputs", title="쌍 입력을 손으로: ids, 세그먼트, longest_first 자르기", reads="pair_inputs",
        setup=_tokenizer,
        prompt="문장 `a`, `b`와 `max_length`를 받아 `[CLS] A [SEP] B [SEP]`의 `input_ids`와 `token_type_ids`를 "
               "(리스트, 리스트)로 돌려주는 `pair_inputs(a, b, max_length)`를 완성하세요. 조각은 "
               "`tokenizer.tokenize`와 `tokenizer.convert_tokens_to_ids`로 만들고, 특수 토큰 세 개를 뺀 자리(예산)보다 "
               "길면 `truncation=\"longest_first\"`처럼 자릅니다: 원래 더 짧은 문장(길이가 같으면 A)은 "
               "`min(자기 길이, 예산 // 2)`개, 긴 문장은 남은 자리만큼 앞에서부터 남깁니다. `tokenizer(...)`는 쓰지 마세요.",
        cases=[Case(("비가 온다.", "날씨가 맑다.", 32), note="자를 필요가 없는 쌍"),
               Case(("서울 지하철 2호선이 오늘 아침 한 시간 동안 멈췄다.", "비가 온다.", 9), note="A가 훨씬 긴 쌍"),
               Case(("비가 온다.", "정부는 새 정책을 다음 달부터 시행한다고 밝혔다.", 8), note="B가 훨씬 긴 쌍"),
               Case(("회의는 내일 오전 10시에 시작합니다.", "남자가 기타를 치고 있다.", 6), note="둘 다 잘라야 하는 쌍")],
        random_inputs=_random_pair, n_random=12,
        hints=["조각 id: `tokenizer.convert_tokens_to_ids(tokenizer.tokenize(a))`. 특수 토큰 id는 "
               "`tokenizer.cls_token_id`, `tokenizer.sep_token_id`.",
               "예산 = max_length - 3. 넘치면 짧은 쪽이 먼저 자기 몫(`min(길이, 예산 // 2)`)을 갖고, 긴 쪽이 나머지를 갖습니다.",
               "세그먼트: [CLS]부터 첫 [SEP]까지 0, 그 뒤 B와 마지막 [SEP]은 1."],
        solution=PAIR_SOLUTION,
        wrong=[PAIR_SOLUTION.replace("[0] * (len(a_ids) + 2) + [1] * (len(b_ids) + 1)",
                                     "[0] * (len(a_ids) + 1) + [1] * (len(b_ids) + 2)"),
               PAIR_SOLUTION.replace("a_ids, b_ids = a_ids[:keep_a], b_ids[:keep_b]",
                                     "b_ids = b_ids[:max(budget - len(a_ids), 0)]; a_ids = a_ids[:budget]")],
        blank="def pair_inputs(a, b, max_length):\n    return ____",
        allows=PAIR_ENCODING,
        delegating=["def pair_inputs(a, b, max_length):\n"
                    "    encoded = tokenizer(a, b, truncation='longest_first', max_length=max_length)\n"
                    "    return encoded['input_ids'], encoded['token_type_ids']"],
        explanation="BERT는 두 문장을 한 줄로 읽고, 어느 문장의 토큰인지는 세그먼트 임베딩(`token_type_ids`)으로만 "
                    "압니다. longest_first는 긴 문장부터 잘라 짧은 문장(보통 가설)을 지킵니다. "
                    "`bertlab.finetuning.encode_pairs`가 같은 일을 토크나이저로 합니다.",
    ),
    Function(
        name="regression_loss", title="회귀 손실(MSE)", reads="regression_loss",
        prompt="STS 모델의 출력 `predictions`(모양 (B, 1))와 정답 점수 `scores`(모양 (B,), 0-5)를 받아 평균 제곱 "
               "오차(스칼라 텐서)를 돌려주는 `regression_loss(predictions, scores)`를 `F.mse_loss` 없이 완성하세요.",
        cases=[_loss_case([[3.0], [1.0]], [4.0, 1.0], "두 쌍"),
               _loss_case([[2.5], [0.5], [4.0]], [2.5, 1.5, 1.0], "세 쌍: 모양을 맞추지 않으면 (B, B)로 퍼짐"),
               _loss_case([[5.0]], [0.0], "한 쌍")],
        random_inputs=_random_loss, n_random=10,
        hints=["(B, 1)과 (B,)를 그대로 빼면 브로드캐스팅으로 (B, B)가 됩니다. 먼저 `predictions.reshape(-1)`.",
               "`((예측 - 정답) ** 2).mean()`"],
        solution=MSE_SOLUTION,
        wrong=["def regression_loss(predictions, scores):\n    return ((predictions - scores) ** 2).mean()",
               "def regression_loss(predictions, scores):\n    return (predictions.reshape(-1) - scores).abs().mean()",
               "def regression_loss(predictions, scores):\n    return ((predictions.reshape(-1) - scores) ** 2).sum()"],
        blank="def regression_loss(predictions, scores):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["import torch.nn.functional as F\n\n"
                    "def regression_loss(predictions, scores):\n    return F.mse_loss(predictions.reshape(-1), scores)"],
        explanation="분류는 클래스마다 점수를 내고 교차 엔트로피를 쓰지만, 회귀는 출력 하나를 정답 숫자에 가깝게 "
                    "당깁니다. 모양을 맞추지 않으면 모든 예측과 모든 정답의 차이를 평균해 엉뚱한 것을 배웁니다.",
    ),
    Function(
        name="spearman_from_ranks", title="순위로 스피어먼 상관", reads="my_spearman",
        prompt="두 목록 `x`, `y`(같은 길이)를 받아 스피어먼 상관계수(float)를 돌려주는 `my_spearman(x, y)`를 완성하세요. "
               "각각을 순위(1부터, 같은 값에는 평균 순위)로 바꾼 뒤 피어슨 상관을 구합니다. `scipy.stats.spearmanr`은 "
               "쓰지 마세요.",
        cases=[Case(([1, 2, 3, 4], [10, 20, 30, 40]), note="순서가 같음"),
               Case(([1, 2, 3, 4], [1, 4, 9, 100]), note="순서는 같고 값은 곡선"),
               Case(([3.0, 1.0, 2.0, 2.0], [5.0, 0.0, 1.0, 4.0]), note="동점(평균 순위)"),
               Case(([1, 2, 3], [3, 2, 1]), note="순서가 반대")],
        random_inputs=_random_scores, n_random=12,
        hints=["값을 정렬한 자리가 순위입니다. 같은 값이 k개면 그 자리들의 평균을 모두에게 줍니다([10, 20, 20] -> [1, 2.5, 2.5]).",
               "피어슨: 평균을 뺀 두 순위 벡터의 내적 / (두 벡터 길이의 곱)."],
        solution=SPEARMAN_SOLUTION,
        wrong=[SPEARMAN_SOLUTION.replace("(start + end) / 2 + 1", "start + 1"),
               SPEARMAN_SOLUTION.replace("rx, ry = average_ranks(list(x)), average_ranks(list(y))",
                                         "rx, ry = list(x), list(y)")],
        blank="def my_spearman(x, y):\n    return ____",
        allows=PYTHON_ONLY,
        delegating=["from scipy.stats import spearmanr\n\n"
                    "def my_spearman(x, y):\n    return float(spearmanr(x, y).statistic)"],
        explanation="스피어먼은 값이 아니라 순서를 봅니다. 사람이 매긴 0-5점과 모델 점수의 눈금이 달라도 순서만 맞으면 "
                    "1에 가깝습니다. `bertlab.finetuning.spearman`이 같은 규칙(동점 평균 순위)을 씁니다.",
    ),
    Quiz(
        name="hypothesis_only", title="가설만 보는 분류기", reads="answer_hypothesis_only",
        prompt="이 레슨의 실제 NLI 데이터에서, 전제는 보지 않고 **가설만** 본 단어 주머니 분류기가 우연(0.33)보다 "
               "훨씬 높은 정확도를 냈습니다. 이것이 뜻하는 것으로 가장 알맞은 것은?",
        choices=["가설의 낱말(예: 부정어)에 정답의 흔적이 남아 있어, 추론하지 않고도 일부를 맞힐 수 있다",
                 "전제는 NLI에 필요 없는 정보다",
                 "단어 주머니 분류기가 BERT보다 문장을 더 잘 이해한다",
                 "평가 세트가 훈련 세트와 같은 전제를 공유해서 생긴 착시다"],
        answer=1,
        feedback={2: "전제 없이 맞힐 수 있는 것은 일부뿐이고, 나머지는 전제와 가설을 함께 봐야 풉니다.",
                  3: "단어 주머니는 어순도 문맥도 모릅니다. 가설 쪽의 말버릇만 익힌 것입니다.",
                  4: "이 레슨의 데이터는 전제 단위로 나눠 평가 세트의 전제가 훈련에 나오지 않습니다."},
        hints=["사람이 모순 가설을 지을 때 어떤 말을 쉽게 쓰는지 위의 표를 떠올려 보세요."],
        explanation="주석 흔적(annotation artefacts)입니다. 높은 NLI 점수의 일부는 이 지름길에서 올 수 있으니, "
                    "모델을 평가할 때 가설만 본 기준선과 함께 보고합니다.",
    ),
]
