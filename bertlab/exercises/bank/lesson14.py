"""레슨 14(추출형 질의응답: 시작·끝 벡터, 유효 구간, EM·F1, 글자 위치)의 연습 문제.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("14")``
"""

from bertlab.exercises import Case, Function, Quiz
from bertlab.exercises.bank.families import PYTHON_ONLY, TENSOR_MATH

PROBABILITIES_SOLUTION = """def start_end_probs(S, E, R):
    start_scores = R @ S                                     # (B, T, H) @ (H,) -> (B, T): S·R_i
    end_scores = R @ E
    start_e = torch.exp(start_scores - start_scores.max(dim=-1, keepdim=True).values)
    end_e = torch.exp(end_scores - end_scores.max(dim=-1, keepdim=True).values)
    return start_e / start_e.sum(dim=-1, keepdim=True), end_e / end_e.sum(dim=-1, keepdim=True)"""

SPAN_SOLUTION = """def best_span(start_logits, end_logits, allowed, max_length):
    best, best_score = None, None
    for i in range(len(start_logits)):
        for j in range(i, min(i + max_length, len(end_logits))):   # j >= i, 길이 j - i + 1 <= max_length
            if not (allowed[i] and allowed[j]):
                continue
            score = start_logits[i] + end_logits[j]
            if best_score is None or score > best_score:
                best, best_score = (i, j), score
    return best"""

F1_SOLUTION = """from collections import Counter


def char_f1(prediction, answer):
    predicted = list(prediction.replace(" ", ""))
    gold = list(answer.replace(" ", ""))
    same = sum((Counter(predicted) & Counter(gold)).values())   # 겹치는 글자 수(중복 포함)
    if same == 0:
        return 0.0
    precision, recall = same / len(predicted), same / len(gold)
    return 2 * precision * recall / (precision + recall)"""

TEXT_SOLUTION = """def answer_text(passage, offsets, start, end):
    return passage[offsets[start][0]:offsets[end][1]]"""


def _torch():
    import torch

    return {"torch": torch}


def _random_states(rng, ctx):
    torch = ctx["torch"]
    generator = torch.Generator().manual_seed(rng.randint(0, 10_000))
    batch, tokens, hidden = rng.randint(2, 3), rng.randint(4, 9), rng.randint(3, 6)
    scale = rng.choice([1.0, 4.0, 30.0])                         # 30: exp가 넘치기 쉬운 큰 점수
    return (torch.randn(hidden, generator=generator), torch.randn(hidden, generator=generator),
            scale * torch.randn(batch, tokens, hidden, generator=generator))


def _states_case(seed, note):
    def args(ctx):
        torch = ctx["torch"]
        generator = torch.Generator().manual_seed(seed)
        return (torch.randn(4, generator=generator), torch.randn(4, generator=generator),
                torch.randn(2, 6, 4, generator=generator))
    return Case(args=args, note=note)


def _random_span(rng, ctx):
    size = rng.randint(5, 14)
    question = rng.randint(1, 3)                                 # [CLS] + 질문 + [SEP]은 허용하지 않음
    allowed = [question < t < size - 1 for t in range(size)]
    starts = [round(rng.uniform(-4, 6), 1) for _ in range(size)]
    ends = [round(rng.uniform(-4, 6), 1) for _ in range(size)]
    starts[0], ends[0] = 9.0, 9.0                                # [CLS]가 가장 높아도 답이 될 수 없음
    return (starts, ends, allowed, rng.randint(1, 4))


def _random_f1(rng, ctx):
    words = ["중력", "중력의", "중력 때문", "1989년 2월 15일", "2월 15일", "세종대왕", "세종", "백혈구", "엽록체 안", "소나기", "한강 남한강", "강수 강우"]
    return (rng.choice(words), rng.choice(words))


PASSAGE = "기상학에서 강수는 중력의 영향으로 떨어지는 것을 말한다."
OFFSETS = [(0, 0), (0, 1), (1, 2), (2, 3), (3, 5), (6, 7), (7, 9), (10, 11), (11, 12), (12, 13), (14, 15), (15, 16),
           (16, 18), (19, 23), (24, 26), (27, 28), (28, 30), (30, 31), (0, 0)]
# ko-mini-bert의 조각: [CLS] 기 ##상 ##학 ##에서 강 ##수는 중 ##력 ##의 영 ##향 ##으로 떨어지는 것을 말 ##한다 . [SEP]


def _random_offsets(rng, ctx):
    start = rng.randint(1, len(OFFSETS) - 2)
    return (PASSAGE, OFFSETS, start, rng.randint(start, len(OFFSETS) - 2))


PROBLEMS = [
    Function(
        name="start_end_probs", title="S와 E로 시작·끝 확률", reads="start_end_probs", setup=_torch,
        prompt="시작 벡터 `S`와 끝 벡터 `E`(모양 (H,)), 창 B개의 마지막 층 벡터 `R`(모양 (B, T, H))을 받아 "
               "(P_start, P_end)를 돌려주는 `start_end_probs(S, E, R)`를 완성하세요. 둘 다 모양 (B, T)이고, 창마다 "
               "P_start(i) = exp(S·R_i) / Σ_j exp(S·R_j)(분모는 그 창의 **모든 토큰 j**)입니다. softmax 함수는 쓰지 "
               "말고 exp와 합으로 직접 계산하세요(큰 점수에도 넘치지 않게).",
        cases=[_states_case(0, "창 2개, 토큰 6개"), _states_case(7, "다른 시드")],
        random_inputs=_random_states, n_random=10,
        hints=["`R @ S`는 (B, T, H) @ (H,) -> (B, T): 토큰마다 S·R_i입니다.",
               "합은 토큰 축으로: `.sum(dim=-1, keepdim=True)`. 배치 축(0)으로 더하면 창끼리 섞입니다.",
               "exp가 넘치지 않게 먼저 토큰 축의 최댓값을 빼세요(소프트맥스 값은 그대로)."],
        solution=PROBABILITIES_SOLUTION,
        wrong=[PROBABILITIES_SOLUTION.replace("start_e.sum(dim=-1, keepdim=True)", "start_e.sum(dim=0, keepdim=True)"),
               PROBABILITIES_SOLUTION.replace("end_scores = R @ E", "end_scores = R @ S"),
               "def start_end_probs(S, E, R):\n    return torch.sigmoid(R @ S), torch.sigmoid(R @ E)"],
        blank="def start_end_probs(S, E, R):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["def start_end_probs(S, E, R):\n    return (R @ S).softmax(-1), (R @ E).softmax(-1)"],
        explanation="시작과 끝은 서로 다른 벡터(S, E) 두 개로 점수를 매기고, 각각 창의 모든 토큰 위에서 소프트맥스합니다. "
                    "`BertForQuestionAnswering`의 `qa_outputs`(Linear(H, 2))의 두 행이 바로 S와 E입니다.",
    ),
    Function(
        name="best_span", title="가장 좋은 유효 구간", reads="best_span",
        prompt="토큰마다의 시작 점수 `start_logits`, 끝 점수 `end_logits`(리스트), 답이 될 수 있는 자리 `allowed`"
               "(리스트, 지문 토큰이면 True), 최대 길이 `max_length`를 받아, j >= i, 길이 j - i + 1 <= max_length, "
               "i와 j가 모두 허용된 자리인 구간 중 `start_logits[i] + end_logits[j]`가 가장 큰 `(i, j)`를 돌려주는 "
               "`best_span(start_logits, end_logits, allowed, max_length)`를 완성하세요(점수가 같으면 앞의 것).",
        cases=[Case(([0, 1, 5, 2, 0], [0, 0, 1, 6, 0], [False, True, True, True, True], 3), note="보통의 경우"),
               Case(([9, 0, 1, 4, 0], [9, 5, 0, 1, 2], [False, True, True, True, True], 4),
                    note="[CLS](0번)가 가장 높아도 답이 아님, 끝이 시작보다 앞이면 안 됨"),
               Case(([0, 6, 0, 0, 0, 0], [0, 0, 0, 0, 0, 7], [False, True, True, True, True, True], 2),
                    note="길이 제한")],
        random_inputs=_random_span, n_random=15,
        hints=["시작 i마다 끝 j를 i부터 i + max_length - 1까지만 봅니다.",
               "허용되지 않은 자리(질문, [CLS], [SEP])는 시작으로도 끝으로도 쓸 수 없습니다.",
               "시작과 끝을 따로 argmax하면 j < i가 나올 수 있습니다."],
        solution=SPAN_SOLUTION,
        wrong=[SPAN_SOLUTION.replace("for j in range(i, min(i + max_length, len(end_logits)))",
                                     "for j in range(len(end_logits))"),
               SPAN_SOLUTION.replace("min(i + max_length, len(end_logits))", "len(end_logits)"),
               SPAN_SOLUTION.replace("if not (allowed[i] and allowed[j]):", "if not allowed[j]:")],
        blank="def best_span(start_logits, end_logits, allowed, max_length):\n    return ____",
        allows=PYTHON_ONLY,
        delegating=["from bertlab.finetuning import best_spans\n\n"
                    "def best_span(start_logits, end_logits, allowed, max_length):\n"
                    "    spans = best_spans(start_logits, end_logits, allowed, max_length, n_best=len(start_logits))\n"
                    "    return (spans[0].start, spans[0].end)"],
        explanation="시작과 끝을 따로 고르면 끝이 시작보다 앞이거나, 답이 질문 안에 있거나, 문단 전체만큼 길어질 수 "
                    "있습니다. 그래서 유효한 (i, j) 쌍 중에서 S·R_i + E·R_j가 가장 큰 것을 고릅니다. 실전 후처리"
                    "(`best_spans`)는 시작·끝 후보를 n-best개만 봐서 빠릅니다.",
    ),
    Function(
        name="char_f1", title="KorQuAD의 글자 F1", reads="char_f1",
        prompt="정규화를 마친 예측 `prediction`과 정답 `answer`(문자열)를 받아 KorQuAD의 글자 단위 F1(0-1 float)을 "
               "돌려주는 `char_f1(prediction, answer)`를 완성하세요. 공백을 뺀 글자들로, 겹치는 글자 수(같은 글자가 "
               "여러 번이면 적은 쪽 횟수만큼)를 세어 정밀도 = 겹침 / 예측 글자 수, 재현율 = 겹침 / 정답 글자 수, "
               "F1 = 2PR / (P + R)입니다. 겹침이 없으면 0.0.",
        cases=[Case(("중력", "중력"), note="같은 답"), Case(("중력의", "중력"), note="조사가 붙은 예측"),
               Case(("2월 15일", "1989년 2월 15일"), note="일부만 맞힘"), Case(("백혈구", "소나기"), note="겹침 없음"),
               Case(("중력 중력의", "중력과 중력"), note="같은 글자가 여러 번")],
        random_inputs=_random_f1, n_random=12,
        hints=["`collections.Counter`끼리 `&`를 하면 글자마다 적은 쪽 횟수가 남습니다.",
               "공백은 글자로 세지 않습니다: `text.replace(' ', '')`."],
        solution=F1_SOLUTION,
        wrong=[F1_SOLUTION.replace("same = sum((Counter(predicted) & Counter(gold)).values())",
                                   "same = len(set(predicted) & set(gold))"),
               F1_SOLUTION.replace("return 2 * precision * recall / (precision + recall)", "return precision"),
               F1_SOLUTION.replace('predicted = list(prediction.replace(" ", ""))', "predicted = list(prediction)")
               .replace('gold = list(answer.replace(" ", ""))', "gold = list(answer)")],
        blank="def char_f1(prediction, answer):\n    return ____",
        allows=PYTHON_ONLY,
        delegating=["from bertlab.finetuning import f1_score\n\n"
                    "def char_f1(prediction, answer):\n    return f1_score(prediction, answer)"],
        explanation="EM은 한 글자만 달라도 0이지만, 글자 F1은 '중력의'와 '중력'처럼 조사 하나 차이를 0.8로 쳐 줍니다. "
                    "한국어는 조사가 붙어 어절 단위로 비교하면 너무 박하므로 KorQuAD는 글자로 셉니다.",
    ),
    Function(
        name="answer_text", title="토큰 구간을 지문의 글자로", reads="answer_text",
        prompt="지문 `passage`, 창의 토큰마다 (시작 글자, 끝 글자) 위치 `offsets`(`offset_mapping`), 답의 시작 토큰 "
               "`start`와 끝 토큰 `end`(끝 포함)를 받아 지문에서 답 글자열을 잘라 돌려주는 "
               "`answer_text(passage, offsets, start, end)`를 완성하세요. 토큰을 이어 붙이지(decode) 말고 글자 위치로 "
               "자르세요.",
        cases=[Case((PASSAGE, OFFSETS, 7, 8), note="'중력'"), Case((PASSAGE, OFFSETS, 1, 3), note="조각 세 개"),
               Case((PASSAGE, OFFSETS, 7, 12), note="띄어쓰기를 건너는 답")],
        random_inputs=_random_offsets, n_random=10,
        hints=["시작 토큰의 첫 글자 위치는 `offsets[start][0]`, 끝 토큰의 끝 글자 위치는 `offsets[end][1]`.",
               "파이썬 자르기 `passage[a:b]`는 b를 넣지 않으니 끝 위치를 그대로 쓰면 됩니다."],
        solution=TEXT_SOLUTION,
        wrong=["def answer_text(passage, offsets, start, end):\n    return passage[offsets[start][0]:offsets[end][0]]",
               "def answer_text(passage, offsets, start, end):\n    return passage[start:end + 1]",
               "def answer_text(passage, offsets, start, end):\n"
               "    return ''.join(passage[a:b] for a, b in offsets[start:end + 1])"],
        blank="def answer_text(passage, offsets, start, end):\n    return ____",
        allows=PYTHON_ONLY,
        delegating=["from bertlab.finetuning import span_text\n\n"
                    "def answer_text(passage, offsets, start, end):\n    return span_text(passage, offsets, start, end)"],
        explanation="토큰을 decode하면 띄어쓰기나 `##`가 원문과 달라질 수 있습니다. offset_mapping으로 원문의 글자 "
                    "위치를 잘라야 정답과 글자 그대로 비교할 수 있습니다.",
    ),
    Quiz(
        name="no_answer_window", title="정답이 없는 창", reads="answer_window",
        prompt="긴 지문을 stride로 겹치는 여러 창으로 나눴습니다. 어떤 창에는 정답 구간이 온전히 들어 있지 않습니다. "
               "훈련할 때 그 창의 시작·끝 정답 위치는 어떻게 둘까요?",
        choices=["그 창에서 정답과 가장 가까운 지문 토큰",
                 "창의 첫 지문 토큰과 마지막 지문 토큰",
                 "`[CLS]`(0번 토큰): '이 창에는 답이 없다'",
                 "정답의 일부라도 든 토큰"],
        answer=3,
        feedback={1: "답이 없는 창에서 가까운 토큰을 가리키면 모델은 없는 답을 지어내도록 배웁니다.",
                  2: "창 전체를 답이라고 가르치면 길이 제한과도 어긋나고 모델이 엉뚱한 긴 구간을 배웁니다.",
                  4: "잘린 정답을 가리키면 잘못된 글자열을 답으로 배웁니다."},
        hints=["예측할 때 질문·특수 토큰은 답 후보에서 뺀다는 점을 떠올려 보세요. 어느 자리가 '비어 있음'을 뜻할 수 있나요?"],
        explanation="정답이 없는 창은 시작·끝을 모두 `[CLS]`로 둡니다. 예측할 때는 `[CLS]`를 답 후보에서 빼고 모든 "
                    "창의 유효 구간 중 점수가 가장 높은 것을 고릅니다(SQuAD 2.0에서는 `[CLS]` 점수가 '답 없음'이 됩니다).",
    ),
]
