"""레슨 00(시작하기)의 몸풀기 문제: 문제 셀을 채우고 ``check()``·``hint()``·``solution()``을 써 보는 연습.

노트북에서: ``q1, q2, q3 = lesson_exercises("00")``
"""

from bertlab.exercises import Case, Function, Quiz, Value
from bertlab.exercises.bank.families import PYTHON_ONLY

PROBLEMS = [
    Value(
        name="first_list",
        title="단어 리스트 만들기",
        prompt="문장 \"나는 BERT를 배운다\"를 띄어쓰기 단위로 나눈 단어 리스트를 `words`에 넣으세요.",
        reads="words",
        expected=["나는", "BERT를", "배운다"],
        hints=[
            "파이썬 리스트는 대괄호로 만듭니다: `[\"가\", \"나\"]`.",
            "직접 적어도 되고, 문자열의 `.split()`을 써도 됩니다: `\"나는 BERT를 배운다\".split()`.",
        ],
        solution='words = "나는 BERT를 배운다".split()',
        wrong=['words = ["나는", "BERT", "를", "배운다"]', 'words = "나는 BERT를 배운다"'],
        allows=PYTHON_ONLY,  # 몸풀기: 파이썬 기본 문법과 str 메서드만
        explanation="`str.split()`은 공백을 기준으로 문자열을 나눠 리스트로 돌려줍니다. "
                    "이렇게 글을 작은 단위로 나누는 일을 토큰화라고 하며, 레슨 03에서 자세히 배웁니다.",
    ),
    Function(
        name="count_tokens",
        title="토큰 개수 세기",
        prompt="문장을 받아 띄어쓰기로 나눈 토큰의 개수를 돌려주는 함수 `count_tokens(sentence)`를 완성하세요. "
               "빈 문장의 토큰 수는 0입니다.",
        reads="count_tokens",
        cases=[
            Case(("나는 BERT를 배운다",), 3),
            Case(("안녕하세요",), 1, note="단어가 하나인 문장"),
            Case(("",), 0, note="빈 문장"),
            Case(("  띄어쓰기가   여러 번  ",), 3, note="공백이 여러 개 이어진 문장"),
        ],
        random_inputs=lambda rng, ctx: (" " * rng.randint(0, 2) + (" " * rng.randint(1, 3)).join(
            rng.choice(["나", "너", "우리", "BERT", "모델", "문장", "학습", "토큰"])
            for _ in range(rng.randint(1, 8))),),
        n_random=10,
        hints=[
            "먼저 문장을 토큰 리스트로 바꾸고, 그 리스트의 길이를 재면 됩니다.",
            "`sentence.split()`은 공백이 여러 개여도 알맞게 나누고, 빈 문장이면 빈 리스트를 돌려줍니다.",
            "`return len(sentence.split())`",
        ],
        solution="def count_tokens(sentence):\n    return len(sentence.split())",
        wrong=[
            "def count_tokens(sentence):\n    return len(sentence)",
            "def count_tokens(sentence):\n    return len(sentence.split(' '))",
        ],
        blank="def count_tokens(sentence):\n    return ____",
        allows=PYTHON_ONLY,
        explanation="인자 없이 부른 `split()`은 공백이 몇 개든 한 번의 구분으로 보고, 앞뒤 공백도 무시합니다. "
                    "`split(' ')`은 공백 하나하나를 구분자로 써서 빈 문자열 토큰이 생깁니다.",
    ),
    Quiz(
        name="blank_means",
        title="빈칸을 채점하면?",
        prompt="문제 셀에 빈칸 `____`을 그대로 두고 `check()`를 부르면 어떻게 될까요?",
        reads="answer_blank",
        choices=[
            "오답으로 처리되고 점수가 깎인다",
            "오류가 나서 노트북이 멈춘다",
            "\"아직 풀지 않음\"이라고 알려 주고, 풀어 보라고 안내한다",
        ],
        answer=3,
        feedback={
            1: "빈칸은 실수가 아니라 아직 손대지 않았다는 뜻이라서 오답으로 세지 않습니다.",
            2: "빈칸이 있어도 셀은 오류 없이 실행되도록 만들어져 있습니다.",
        },
        hints=["레슨 00의 설명에서 '아직 풀지 않음'이라는 말을 찾아보세요."],
        explanation="빈칸은 '아직 풀지 않음'으로 안내할 뿐 감점하지 않습니다. 힌트와 해답도 언제든 볼 수 있어요.",
    ),
]
