"""레슨 11(파인 튜닝 ① 단일 문장 분류)의 연습 문제.

노트북에서: ``q1, q2, q3, q4, q5 = lesson_exercises("11")``
"""

from bertlab.exercises import Case, Custom, Function, Quiz
from bertlab.exercises.bank.families import SOFTMAX_MATH, TENSOR_MATH, TRAINING_STEP


def _torch_only():
    import torch

    return {"torch": torch}


def _head_case(hidden, weight, bias, note):
    def make(ctx):
        torch = ctx["torch"]
        return (torch.tensor(hidden, dtype=torch.float32), torch.tensor(weight, dtype=torch.float32),
                torch.tensor(bias, dtype=torch.float32))
    return Case(make, note=note)


def _random_head(rng, ctx):
    torch = ctx["torch"]
    generator = torch.Generator().manual_seed(rng.randint(0, 10_000))
    batch, length, width, classes = rng.randint(1, 4), rng.randint(2, 6), rng.randint(2, 6), rng.randint(2, 4)
    return (torch.randn(batch, length, width, generator=generator) * 2,
            torch.randn(classes, width, generator=generator), torch.randn(classes, generator=generator))


def _logits_case(logits, labels, note):
    def make(ctx):
        torch = ctx["torch"]
        return torch.tensor(logits, dtype=torch.float32), torch.tensor(labels)
    return Case(make, note=note)


def _random_logits(rng, ctx):
    torch = ctx["torch"]
    generator = torch.Generator().manual_seed(rng.randint(0, 10_000))
    batch, classes = rng.randint(1, 9), rng.randint(2, 4)
    return (torch.randn(batch, classes, generator=generator) * 3,
            torch.randint(0, classes, (batch,), generator=generator))


HEAD_SOLUTION = """def classify_cls(hidden, weight, bias):
    cls = hidden[:, 0]                          # (B, H): 맨 앞 [CLS] 자리의 벡터
    logits = cls @ weight.T + bias              # (B, C): 분류 층(dense)
    return torch.softmax(logits, dim=-1)        # (B, C): 클래스 확률"""

ACCURACY_SOLUTION = """def accuracy_from_logits(logits, labels):
    predicted = logits.argmax(dim=-1)           # (N,): 로짓이 가장 큰 클래스
    return (predicted == labels).float().mean().item()"""

CROSS_ENTROPY_SOLUTION = """def my_cross_entropy(logits, labels):
    log_probs = torch.log_softmax(logits, dim=-1)                 # (N, C)
    picked = log_probs[torch.arange(len(labels)), labels]         # (N,): 정답 클래스의 로그 확률
    return -picked.mean()"""

STEP_SOLUTION = """def train_step(model, optimizer, inputs, labels):
    optimizer.zero_grad()                       # 1. 지난 단계의 기울기 지우기
    logits = model(inputs)                      # 2. 순전파 (B, C)
    log_probs = torch.log_softmax(logits, dim=-1)
    loss = -log_probs[torch.arange(len(labels)), labels].mean()
    loss.backward()                             # 3. 역전파: 기울기 계산
    optimizer.step()                            # 4. 가중치 고치기
    return loss.item()"""


def _tiny_classifier(torch):
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.Tanh(), torch.nn.Linear(8, 3))


def _step_batches(torch):
    generator = torch.Generator().manual_seed(1)
    return [(torch.randn(6, 4, generator=generator), torch.randint(0, 3, (6,), generator=generator))
            for _ in range(3)]


def _reference_step(torch, model, optimizer, inputs, labels) -> float:
    optimizer.zero_grad()
    log_probs = torch.log_softmax(model(inputs), dim=-1)
    loss = -log_probs[torch.arange(len(labels)), labels].mean()
    loss.backward()
    optimizer.step()
    return loss.item()


def _check_step(answers, ctx):
    torch = ctx["torch"]
    step = answers["train_step"]
    mine, reference = _tiny_classifier(torch), _tiny_classifier(torch)
    mine_opt = torch.optim.SGD(mine.parameters(), lr=0.5, momentum=0.9)
    reference_opt = torch.optim.SGD(reference.parameters(), lr=0.5, momentum=0.9)
    for number, (inputs, labels) in enumerate(_step_batches(torch), start=1):
        before = [p.detach().clone() for p in mine.parameters()]
        got = step(mine, mine_opt, inputs, labels)
        want = _reference_step(torch, reference, reference_opt, inputs, labels)
        try:
            got = float(got)
        except (TypeError, ValueError):
            return "손실을 숫자로 돌려주세요(`loss.item()`)."
        if abs(got - want) > 1e-4:
            return (f"{number}번째 단계에서 돌려준 손실이 맞지 않습니다. 가중치를 고치기 **전**의 배치에 대한 "
                    "평균 교차 엔트로피를 돌려주세요.")
        if all(torch.equal(a, b) for a, b in zip(before, mine.parameters())):
            return (f"{number}번째 단계에서 가중치가 하나도 바뀌지 않았습니다. `optimizer.step()`은 기울기를 "
                    "계산한(`loss.backward()`) 뒤, 기울기를 지우기(`zero_grad`) 전에 불러야 합니다.")
        if not all(torch.allclose(a, b, atol=1e-5) for a, b in zip(mine.parameters(), reference.parameters())):
            if number == 1:
                return "첫 단계부터 가중치가 다르게 바뀌었습니다. 순전파 -> 손실 -> backward -> step 순서를 확인하세요."
            return (f"{number}번째 단계부터 가중치가 다르게 바뀝니다. 지난 단계의 기울기가 지워지지 않고 쌓이는 것 "
                    "아닐까요? 매 단계 `optimizer.zero_grad()`가 필요합니다.")
    return None


PROBLEMS = [
    Function(
        name="classify_cls", title="분류 헤드의 순전파", reads="classify_cls", setup=_torch_only,
        prompt="인코더 마지막 층의 은닉 상태 `hidden`(모양 (B, T, H)), 분류 층의 가중치 `weight`(모양 (C, H))와 편향 "
               "`bias`(모양 (C,))를 받아 클래스 확률 (B, C)를 돌려주는 `classify_cls`를 완성하세요. `[CLS]` 벡터 "
               "-> 분류 층(dense) -> softmax 순서입니다(평가 때라 드롭아웃은 아무것도 하지 않습니다).",
        cases=[_head_case([[[1, 0], [5, 5]]], [[1, 0], [0, 1]], [0, 0], "토큰 둘: [CLS]만 읽어야 함"),
               _head_case([[[0, 0], [9, -9]], [[2, 1], [0, 0]]], [[1, 1], [-1, 2]], [0.5, -0.5], "문장 둘, 편향 있음"),
               _head_case([[[1, 2, 3]]], [[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0, 0, 0], "클래스 셋")],
        random_inputs=_random_head, n_random=8,
        hints=["`[CLS]`는 맨 앞 토큰입니다: `hidden[:, 0]`의 모양은 (B, H)입니다.",
               "분류 층은 `cls @ weight.T + bias`입니다(nn.Linear가 하는 계산).",
               "마지막으로 `torch.softmax(logits, dim=-1)`."],
        solution=HEAD_SOLUTION,
        wrong=["def classify_cls(hidden, weight, bias):\n"
               "    return torch.softmax(hidden.mean(dim=1) @ weight.T + bias, dim=-1)",
               "def classify_cls(hidden, weight, bias):\n"
               "    return torch.softmax(hidden[:, -1] @ weight.T + bias, dim=-1)",
               "def classify_cls(hidden, weight, bias):\n"
               "    return torch.softmax(hidden[:, 0] @ weight.T, dim=-1)"],
        blank="def classify_cls(hidden, weight, bias):\n    return ____",
        allows=SOFTMAX_MATH,
        delegating=["import torch.nn.functional as F\n\n"
                    "def classify_cls(hidden, weight, bias):\n"
                    "    return F.linear(hidden[:, 0], weight, bias).softmax(dim=-1)"],
        explanation="`BertForSequenceClassification`이 인코더 위에 더하는 것이 바로 이것입니다: `[CLS]` 벡터(BERT는 "
                    "풀러(pooler)의 tanh 층을 한 번 더 거친 값) -> 드롭아웃 -> `nn.Linear(H, C)`. 새로 배울 파라미터는 "
                    "H x C + C개뿐입니다.",
    ),
    Function(
        name="accuracy_from_logits", title="로짓에서 정확도", reads="accuracy_from_logits", setup=_torch_only,
        prompt="로짓 `logits`(모양 (N, C))와 정답 `labels`(모양 (N,), 클래스 번호)를 받아 정확도(0-1의 float)를 "
               "돌려주는 `accuracy_from_logits`를 완성하세요.",
        cases=[_logits_case([[2.0, -1.0], [0.1, 0.3], [-5.0, 5.0]], [0, 0, 1], "셋 중 둘"),
               _logits_case([[-1.0, -2.0], [-3.0, -0.5]], [0, 1], "로짓이 모두 음수여도"),
               _logits_case([[0.0, 1.0, 0.5], [2.0, 0.0, 0.0], [0.0, 0.0, 3.0], [1.0, 2.0, 0.0]], [1, 1, 2, 0],
                            "클래스 셋")],
        random_inputs=_random_logits, n_random=8,
        hints=["예측은 로짓이 가장 큰 클래스입니다: `logits.argmax(dim=-1)`.",
               "예측과 정답이 같은 비율: `(predicted == labels).float().mean()`.", "`.item()`으로 float로 바꾸세요."],
        solution=ACCURACY_SOLUTION,
        wrong=["def accuracy_from_logits(logits, labels):\n"
               "    return (logits.argmax(dim=0) == labels).float().mean().item()",
               "def accuracy_from_logits(logits, labels):\n"
               "    return (logits[:, 1] > 0).eq(labels.bool()).float().mean().item()",
               "def accuracy_from_logits(logits, labels):\n"
               "    return float((logits.argmax(dim=-1) == labels).sum())"],
        blank="def accuracy_from_logits(logits, labels):\n    return ____",
        allows=TENSOR_MATH,
        delegating=["from sklearn.metrics import accuracy_score\n\n"
                    "def accuracy_from_logits(logits, labels):\n"
                    "    return float(accuracy_score(labels.numpy(), logits.argmax(dim=-1).numpy()))"],
        explanation="softmax는 순서를 바꾸지 않으므로 확률을 구하지 않고 로짓의 argmax만으로 예측할 수 있습니다. "
                    "로짓이 음수여도, 클래스가 셋 이상이어도 같습니다.",
    ),
    Function(
        name="my_cross_entropy", title="교차 엔트로피", reads="my_cross_entropy", setup=_torch_only,
        prompt="로짓 `logits`(모양 (N, C))와 정답 `labels`(모양 (N,))를 받아 평균 교차 엔트로피(스칼라 텐서)를 "
               "돌려주는 `my_cross_entropy`를 완성하세요: 예제마다 -log(정답 클래스의 softmax 확률), 그 평균.",
        cases=[_logits_case([[0.0, 0.0]], [1], "두 클래스의 로짓이 같음"),
               _logits_case([[3.0, -1.0], [0.5, 2.5]], [0, 1], "둘 다 맞힘"),
               _logits_case([[3.0, -1.0, 0.0], [0.0, 0.0, 10.0]], [1, 0], "자신 있게 틀리면 손실이 큼")],
        random_inputs=_random_logits, n_random=8,
        hints=["`torch.log_softmax(logits, dim=-1)`는 log(softmax)를 수치적으로 안전하게 계산합니다.",
               "정답 클래스의 값만 고르기: `log_probs[torch.arange(len(labels)), labels]`.",
               "부호를 바꿔 평균: `-picked.mean()`."],
        solution=CROSS_ENTROPY_SOLUTION,
        wrong=["def my_cross_entropy(logits, labels):\n"
               "    return -logits[torch.arange(len(labels)), labels].mean()",
               "def my_cross_entropy(logits, labels):\n"
               "    p = torch.softmax(logits, dim=-1)\n"
               "    return -p[torch.arange(len(labels)), labels].log().sum()",
               "def my_cross_entropy(logits, labels):\n"
               "    return -torch.log_softmax(logits, dim=-1)[:, 0].mean()"],
        blank="def my_cross_entropy(logits, labels):\n    return ____",
        allows=SOFTMAX_MATH,
        delegating=["import torch.nn.functional as F\n\n"
                    "def my_cross_entropy(logits, labels):\n    return F.cross_entropy(logits, labels)"],
        explanation="`F.cross_entropy`가 하는 계산과 같습니다. 정답 클래스에 확률 1을 주면 손실 0, 반반이면 log 2 ≈ "
                    "0.693(감성 분류를 시작할 때의 손실), 자신 있게 틀리면 아주 커집니다.",
    ),
    Custom(
        name="train_step", title="훈련 한 단계의 순서", reads="train_step", setup=_torch_only, rule=_check_step,
        prompt="분류 모델 `model`(입력 (B, 특징) -> 로짓 (B, C)), 옵티마이저 `optimizer`, 배치 `inputs`, `labels`를 "
               "받아 **훈련 한 단계**를 하고 그 배치의 손실(float)을 돌려주는 `train_step`을 완성하세요. 손실은 "
               "연습 3의 교차 엔트로피로 계산합니다(`my_cross_entropy`를 불러도 됩니다). 채점기는 몇 단계를 이어 "
               "부르며 가중치가 올바르게 바뀌는지 봅니다.",
        hints=["한 단계: 기울기 지우기 -> 순전파와 손실 -> 역전파 -> 가중치 고치기.",
               "`optimizer.zero_grad()`, `loss = my_cross_entropy(model(inputs), labels)`, `loss.backward()`, "
               "`optimizer.step()`",
               "돌려줄 값은 `loss.item()`입니다."],
        solution=STEP_SOLUTION,
        wrong=["def train_step(model, optimizer, inputs, labels):\n"
               "    log_probs = torch.log_softmax(model(inputs), dim=-1)\n"
               "    loss = -log_probs[torch.arange(len(labels)), labels].mean()\n"
               "    loss.backward()\n    optimizer.step()\n    return loss.item()",
               "def train_step(model, optimizer, inputs, labels):\n"
               "    optimizer.zero_grad()\n"
               "    log_probs = torch.log_softmax(model(inputs), dim=-1)\n"
               "    loss = -log_probs[torch.arange(len(labels)), labels].mean()\n"
               "    optimizer.step()\n    loss.backward()\n    return loss.item()",
               "def train_step(model, optimizer, inputs, labels):\n"
               "    log_probs = torch.log_softmax(model(inputs), dim=-1)\n"
               "    loss = -log_probs[torch.arange(len(labels)), labels].mean()\n"
               "    loss.backward()\n    optimizer.zero_grad()\n    optimizer.step()\n    return loss.item()"],
        blank="def train_step(model, optimizer, inputs, labels):\n    return ____",
        allows=TRAINING_STEP,
        delegating=["import torch.nn.functional as F\n\n"
                    "def train_step(model, optimizer, inputs, labels):\n"
                    "    optimizer.zero_grad()\n    loss = F.cross_entropy(model(inputs), labels)\n"
                    "    loss.backward()\n    optimizer.step()\n    return loss.item()"],
        explanation="`zero_grad`를 빼면 기울기가 단계마다 쌓이고, `step`을 `backward`보다 먼저 부르면 아직 없는 "
                    "기울기로 고치려 합니다. 강의의 훈련 루프(`bertlab.finetuning.fit`)도 backward -> step -> "
                    "zero_grad 순서로 같은 일을 하고, 그 사이에 학습률 조절과 기울기 자르기를 넣습니다.",
    ),
    Quiz(
        name="cls_carries", title="[CLS]에 담기는 것", reads="answer_cls",
        prompt="파인 튜닝한 감성 분류 모델에서 분류 헤드가 읽는 `[CLS]` 벡터에 대해 맞는 설명은?",
        choices=["`[CLS]`라는 특수 토큰 자체의 임베딩이라, 문장마다 같은 벡터다",
                 "셀프 어텐션으로 문장의 모든 토큰에서 모은 정보이고, 파인 튜닝하면 과제(감성)를 가르는 정보가 "
                 "잘 드러나도록 바뀐다",
                 "문장 첫 단어의 뜻만 담는다",
                 "사전 훈련에서 이미 감성을 담도록 훈련되어 파인 튜닝으로는 바뀌지 않는다"],
        answer=2,
        feedback={1: "0층(임베딩 층)에서는 그렇지만, 인코더 층을 지나며 어텐션이 다른 토큰의 정보를 모읍니다(레슨 10).",
                  3: "`[CLS]`는 어떤 단어와도 짝이 아닌 자리입니다. 어텐션은 모든 토큰을 봅니다.",
                  4: "사전 훈련(MLM, NSP)에는 감성 레이블이 없습니다. 레슨의 2차원 그림에서 파인 튜닝 전후를 비교해 보세요."},
        hints=["레슨 10에서 0층의 `[CLS]`와 위층의 `[CLS]`를 비교했습니다. 그리고 이 레슨의 PCA 그림을 떠올려 보세요."],
        explanation="`[CLS]` 자리에는 단어가 없어서, 어텐션이 문장 전체에서 모은 정보가 담깁니다. 사전 훈련만 한 "
                    "모델의 `[CLS]`는 감성으로 잘 갈리지 않지만, 파인 튜닝하면 분류 층이 읽기 쉬운 방향으로 "
                    "긍정과 부정이 벌어집니다.",
    ),
]
