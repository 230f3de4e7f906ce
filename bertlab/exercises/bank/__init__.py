'''레슨별 연습 문제 은행. 모든 레슨이 ``lesson_exercises("NN")``으로 여기의 문제를 불러옵니다.

은행 파일 쓰는 법
=================
레슨 NN의 문제는 ``bertlab/exercises/bank/lessonNN.py``에 ``PROBLEMS`` 리스트로 적습니다. 파일 이름만
맞으면 자동으로 찾으므로 다른 곳에 등록할 필요가 없습니다. 리스트의 순서가 노트북의 q1, q2, …
순서입니다(``q1, q2, q3 = lesson_exercises("05")``는 문제가 정확히 3개일 때만 풀립니다).

모든 문제의 공통 필드: ``name``(영어 식별자, 레슨 안에서 유일), ``title``, ``prompt``(한국어),
``reads``(학생 노트북에서 읽을 변수·함수 이름), ``solution``(해답 코드), ``wrong``(틀린 답 코드 1개
이상), ``blank``(배포 상태 코드, 기본 ``이름 = ____``), ``allows``와 ``delegating``(아래),
``hints``(단계별 힌트, 퀴즈도 1개 이상), ``explanation``, ``setup``(맥락을 만드는 함수, 아래 참고),
``points``(기본 1), ``time_limit``(기본 2초).

해답·틀린 답·빈칸·맡긴 답 코드는 새 namespace(빈칸 ``____`` + setup()이 돌려준 이름들)에서 실행되며,
``tests/test_exercise_bank.py``가 모든 은행의 모든 문제를 정답 → 정답, 틀린 답 → 오답, 빈칸 →
아직 풀지 않음, 맡긴 답 → "직접 구현해 보세요" 오답으로 자동 검사합니다(테스트 코드는 고치지 않고 은행에
데이터만 적으면 됩니다). 노트북 테스트는 같은 해답 코드를 노트북 커널에서도 실행합니다.

직접 구현하는 문제: allows와 delegating
--------------------------------------
코드 문제(퀴즈·생각해 보기가 아닌 것)는 ``allows``를 꼭 선언합니다. 금지 목록이 아니라 **허용 목록**입니다:
그 문제가 가르친 부품(텐서 산술, 인덱싱, ``@``, ``exp``, ``sum``, ``masked_fill``, ``topk`` …)만 적고, 나머지는
모두 막힙니다. 허용 목록은 문제마다가 아니라 문제 종류(family)마다 한 번 ``bank/families.py``에 적어 두었으니
그중 하나를 고르세요(``TENSOR_MATH``, ``SOFTMAX_MATH``, ``PYTHON_ONLY`` …). 채점하는 동안 학생 코드가
*직접 부른 것*을 추적해(``tracing.py``: ``sys.setprofile``과 ``TorchFunctionMode``) 허용 목록에 없으면 무엇을
불렀는지 말하는 "… 직접 구현해 보세요" 오답이 됩니다. 다른 이름, ``functools.partial``, 람다, ``getattr``,
밑줄 이름으로 불러도 같은 함수이므로 잡힙니다. 값 답(Value, Tensor)은 답을 만든 셀을 추적하며 다시
실행합니다(``replay.py``). "행마다 도는 반복 없이" 같은 규칙은 ``Function(rows=...)``로 두 크기에서 재어
봅니다(부른 횟수·실행한 줄 수가 행 수에 따라 늘면 오답).

``delegating``에는 강의의 참고 구현이나 라이브러리에 맡겨 푸는 답 코드를 하나 이상 적습니다. 테스트는 그 답이
"직접 구현해 보세요" 오답인지, 그리고 추적하지 않으면(``allows=None``) 정답인지(정말 맡긴 답인지) 확인합니다.
틀린 답(``wrong``)은 허용된 부품만 써서 계산이 틀린 답이어야 합니다.

틀린 값의 피드백은 기대값을 보여 주지 않습니다(``compare.py``: 큰지 작은지, 모양, 부호, 어느 사례인지만).
정수·번호·간단한 분수 답에는 "약 3배" 같은 비율도 말하지 않습니다(답을 거꾸로 계산할 수 있으므로). 직접 쓴
비교·규칙 함수와 사례 설명(``Case(note=...)``)에도 "(층, 헤드) = (3, 5)여야 하는데"처럼 답을 적지 마세요.

퀴즈의 보기는 학생마다 섞여 보이므로(같은 학생에게는 늘 같은 순서) 은행에는 자연스러운 순서로 적고,
정답 위치(``answer``)는 레슨마다 1~4번에 고르게 퍼뜨립니다. 퀴즈 바로 앞 문장이 답을 말해 주지 않게 하세요.

setup: 모델처럼 노트북의 다른 셀에 기대는 값은 노트북 전역 변수 대신 ``setup``이 직접 만듭니다
(셀을 옮기거나 지워도 채점이 흔들리지 않게). 프로세스마다 한 번만 불리며, 같은 함수를 여러 문제에
주면 맥락을 나눠 씁니다. 무거운 import(torch, transformers)는 setup·람다 안에서 하세요(은행 파일을
불러오는 것만으로 torch를 불러오지 않도록).

예시 (``bertlab/exercises/bank/lesson05.py``)::

    from bertlab.exercises import Case, Function, Open, Quiz, Tensor
    from bertlab.exercises.bank.families import PYTHON_ONLY, TENSOR_MATH

    def _context():
        import torch
        torch.manual_seed(0)
        return {"torch": torch, "x": torch.randn(2, 5)}   # 해답 코드에서 torch, x를 쓸 수 있음

    def _random_vector(rng, ctx):
        return (ctx["torch"].tensor([rng.uniform(-3, 3) for _ in range(rng.randint(1, 6))]),)

    PROBLEMS = [
        Function(
            name="count_tokens", title="공백으로 토큰 세기",
            prompt="문장을 받아 공백으로 나눈 토큰 수를 돌려주는 `count_tokens(sentence)`를 완성하세요.",
            reads="count_tokens",
            cases=[Case(("나는 학교에 간다",), 3), Case(("",), 0, note="빈 문장")],
            random_inputs=lambda rng, ctx: (" ".join(rng.choice("가나다") for _ in range(rng.randint(1, 9))),),
            hints=["str.split()은 공백으로 나눈 리스트를 돌려줍니다.", "리스트의 길이는 len()으로 잽니다."],
            solution="def count_tokens(sentence):\\n    return len(sentence.split())",
            wrong=["def count_tokens(sentence):\\n    return len(sentence)"],
            blank="def count_tokens(sentence):\\n    return ____",
            allows=PYTHON_ONLY,   # 파이썬 기본 문법과 str 메서드만
        ),
        Function(
            name="softmax", title="소프트맥스 직접 구현", reads="my_softmax", setup=_context,
            prompt="1차원 텐서 `z`를 받아 softmax 확률을 돌려주는 `my_softmax(z)`를 `torch.softmax` 없이 완성하세요.",
            random_inputs=_random_vector,   # 시드 고정 무작위 입력. 기대값은 해답 함수가 계산합니다
            hints=["exp(z)를 그 합으로 나눕니다. 큰 수가 넘치지 않게 z.max()를 먼저 빼세요."],
            solution="def my_softmax(z):\\n    e = torch.exp(z - z.max())\\n    return e / e.sum()",
            wrong=["def my_softmax(z):\\n    return torch.exp(z)"],
            allows=TENSOR_MATH,   # 텐서 산술·exp·sum은 되고 softmax 함수는 없는 종류
            delegating=["def my_softmax(z):\\n    return torch.softmax(z, dim=0)"],   # 테스트: '직접 구현해 보세요' 오답
        ),
        Tensor(
            name="transpose", title="전치 행렬", reads="x_t", setup=_context,
            prompt="`x`(모양 (2, 5))를 전치한 텐서를 `x_t`에 넣으세요.",
            expected=lambda ctx: ctx["x"].T.contiguous(),   # 비우면 해답 코드의 결과를 씁니다
            solution="x_t = x.T", wrong=["x_t = x"], allows=TENSOR_MATH,
            delegating=["x_t = torch.from_numpy(x.numpy().T.copy())"],   # 넘파이에 맡긴 답
        ),
        Quiz(
            name="direction", title="BERT가 문맥을 보는 방향", reads="answer_direction",
            prompt="BERT는 문맥을 어느 방향으로 봅니까?",
            choices=["왼쪽에서 오른쪽으로만", "오른쪽에서 왼쪽으로만", "양쪽을 한꺼번에"],
            answer=3,   # 은행 순서의 번호. 학생에게는 섞인 순서로 보이고, 채점은 뜻으로 합니다
            feedback={1: "그것은 GPT-1처럼 디코더만 쓰는 모델입니다.",
                      2: "한 방향만 보는 것은 BERT가 아닙니다."},
            hints=["BERT는 트랜스포머의 인코더입니다. 인코더의 셀프 어텐션은 무엇을 가리나요?"],
            explanation="BERT는 트랜스포머 인코더라서 모든 위치가 양쪽을 한꺼번에 봅니다.",
        ),   # 퀴즈의 solution/wrong은 비워 두면 자동으로 만들어집니다
        Open(
            name="why_mask", title="생각해 보기: 왜 [MASK]만 쓰지 않을까?", reads="thoughts_mask",
            prompt="마스킹할 때 항상 [MASK]만 쓰면 어떤 문제가 생길지 적어 보세요.",
            model_answer="파인 튜닝 때는 [MASK]가 나오지 않으므로 사전 훈련과 입력 분포가 달라집니다.",
        ),
    ]

그 밖의 종류: ``Value``(값 비교, 숫자는 rtol/atol), ``Statistic``(시드 고정 통계 ± 허용 오차),
``Custom``(``rule(answers, ctx) -> None | "틀린 이유"``). 자세한 필드는 각 클래스의 docstring을 보세요.

테스트·강사용 추가 은행
=======================
``register_bank("99", PROBLEMS)``는 이 프로세스에, 환경 변수 ``BERTLAB_EXTRA_BANKS``(폴더 경로,
``os.pathsep``으로 여러 개)는 자식 프로세스(채점 커널)까지 ``lessonNN.py`` 파일을 더합니다.
같은 번호가 있으면 register_bank → BERTLAB_EXTRA_BANKS → 내장 은행 순서로 앞선 것을 씁니다.
'''

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import pkgutil
import re
from pathlib import Path

from bertlab.errors import BertlabError

EXTRA_BANKS_ENV = "BERTLAB_EXTRA_BANKS"
_REGISTERED: dict[str, list] = {}
_FILES: dict[Path, list] = {}
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def normalize_lesson(lesson: str | int) -> str:
    """``5``, ``"5"``, ``"05"`` → ``"05"``. 숫자가 아닌 번호는 그대로 씁니다."""
    text = str(lesson).strip()
    return text.zfill(2) if text.isdigit() else text


def register_bank(lesson: str | int, problems: list) -> None:
    """이 프로세스에 레슨 은행을 더합니다(테스트·강사용). 같은 번호의 내장 은행보다 앞섭니다."""
    lesson = normalize_lesson(lesson)
    _REGISTERED[lesson] = list(problems)


def unregister_bank(lesson: str | int) -> None:
    _REGISTERED.pop(normalize_lesson(lesson), None)


def _extra_dirs() -> list[Path]:
    raw = os.environ.get(EXTRA_BANKS_ENV, "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def _load_file(path: Path) -> list:
    path = path.resolve()
    if path in _FILES:
        return _FILES[path]
    digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:10]
    spec = importlib.util.spec_from_file_location(f"bertlab_extra_bank_{path.stem}_{digest}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    _FILES[path] = list(module.PROBLEMS)
    return _FILES[path]


def _raw_problems(lesson: str) -> tuple[str, list] | None:
    if lesson in _REGISTERED:
        return "registered", _REGISTERED[lesson]
    for folder in _extra_dirs():
        path = folder / f"lesson{lesson}.py"
        if path.is_file():
            return str(path), _load_file(path)
    try:
        module = importlib.import_module(f"{__name__}.lesson{lesson}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.lesson{lesson}":
            raise
        return None
    return module.__name__, module.PROBLEMS


def load_problems(lesson: str | int) -> list:
    """레슨의 문제 목록(순서 = q1, q2, …). 은행이 없으면 한국어 ``BertlabError``."""
    lesson = normalize_lesson(lesson)
    found = _raw_problems(lesson)
    if found is None:
        known = ", ".join(available_lessons()) or "없음"
        raise BertlabError(f"레슨 {lesson}의 연습 문제를 찾지 못했습니다.",
                           hint=f"레슨 번호를 확인하세요. 문제가 있는 레슨: {known}")
    _source, problems = found
    for problem in problems:
        problem.lesson = lesson
    validate_bank(lesson, problems)
    return problems


def validate_bank(lesson: str, problems: list) -> None:
    """은행 작성자를 위한 검사: 이름, reads, 해답·틀린 답 코드가 갖춰졌는지."""
    seen = set()
    for index, problem in enumerate(problems, start=1):
        where = f"레슨 {lesson}의 {index}번 문제({getattr(problem, 'name', '?')})"
        if not _IDENTIFIER.match(problem.name or ""):
            raise BertlabError(f"{where}: name은 영어 식별자여야 합니다.")
        if problem.name in seen:
            raise BertlabError(f"{where}: name이 다른 문제와 겹칩니다.")
        seen.add(problem.name)
        if not problem.reads or not all(_IDENTIFIER.match(n) for n in problem.reads):
            raise BertlabError(f"{where}: reads에 읽을 변수·함수 이름을 적어 주세요.")
        if not problem.solution or not problem.wrong:
            raise BertlabError(f"{where}: solution(해답 코드)과 wrong(틀린 답 코드 1개 이상)이 필요합니다.")


def available_lessons() -> list[str]:
    """문제 은행이 있는 레슨 번호들(내장 + 추가 폴더 + 등록)."""
    names = {m.name[len("lesson"):] for m in pkgutil.iter_modules(__path__) if m.name.startswith("lesson")}
    for folder in _extra_dirs():
        names.update(p.stem[len("lesson"):] for p in folder.glob("lesson*.py"))
    names.update(_REGISTERED)
    return sorted(names)
