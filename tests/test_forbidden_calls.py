"""'직접 구현해 보세요' 문제의 금지된 호출: 참고 구현이나 라이브러리에 맡긴 답은 어떤 이름으로 불러도 한국어
오답이 되고, 채점 코드 자신의 호출은 막히지 않으며, 바꾼 자리는 어떤 경우에도 되돌려집니다."""

import math

import pytest

from bertlab.exercises import Case, Custom, Function, Tensor, Value, lesson_exercises, register_bank, unregister_bank
from bertlab.exercises.forbidden import STATE, resolve

torch = pytest.importorskip("torch")
F = torch.nn.functional
SAYS = "없이 직접 구현해 보세요"


def _ctx():
    return {"torch": torch, "F": F}


COSINE = Function(
    name="cos", title="코사인", reads="cos", setup=_ctx,
    cases=[Case((torch.tensor([1.0, 0.0]), torch.tensor([1.0, 1.0])), 2 ** -0.5)],
    random_inputs=lambda rng, ctx: (torch.tensor([rng.uniform(-1, 1) for _ in range(3)]),
                                    torch.tensor([rng.uniform(-1, 1) for _ in range(3)])),
    forbidden={"torch.cosine_similarity": "torch.cosine_similarity", "torch.nn.CosineSimilarity": "nn.CosineSimilarity",
               "torch.Tensor.dot": "u.dot"},
    solution="def cos(u, v):\n    return ((u * v).sum() / (u.norm() * v.norm())).item()",
    wrong=["def cos(u, v):\n    return 1.0"], hints=["내적을 노름으로 나누세요"],
)


def _evaluate(code, problem=COSINE):
    return problem.evaluate(problem.run_answer(code))


@pytest.mark.parametrize("code", [
    "def cos(u, v):\n    return torch.cosine_similarity(u, v, dim=0).item()",
    "def cos(u, v):\n    return F.cosine_similarity(u, v, dim=0).item()",                    # 같은 함수의 다른 자리
    "from torch.nn.functional import cosine_similarity as c\ndef cos(u, v):\n    return c(u, v, dim=0).item()",
    "def cos(u, v):\n    from torch import cosine_similarity as c\n    return c(u, v, dim=0).item()",  # 함수 안 import
    "def make():\n    f = torch.cosine_similarity\n    return lambda u, v: f(u, v, dim=0).item()\ncos = make()",
    "def cos(u, v, f=torch.cosine_similarity):\n    return f(u, v, dim=0).item()",           # 기본값에 숨김
    "def helper(u, v):\n    return torch.cosine_similarity(u, v, dim=0).item()\n"
    "def cos(u, v):\n    return helper(u, v)",                                                    # 도우미 함수 안
    "def cos(u, v):\n    return torch.nn.CosineSimilarity(dim=0)(u, v).item()",               # 클래스
    "def cos(u, v):\n    return (u.dot(v) / (u.norm() * v.norm())).item()",                    # 텐서 메서드
])
def test_delegating_under_any_name_is_refused_in_korean(code):
    outcome = _evaluate(code)
    assert outcome.status == "incorrect" and SAYS in outcome.message, outcome.message
    assert any("쓰지 않기로 한 것" in d for d in outcome.details)


def test_swallowing_the_refusal_does_not_help():
    code = ("def cos(u, v):\n    try:\n        return torch.cosine_similarity(u, v, dim=0).item()\n"
            "    except BaseException:\n        return ((u * v).sum() / (u.norm() * v.norm())).item()")
    assert SAYS in _evaluate(code).message


def test_own_implementation_and_the_checkers_own_calls_are_not_blocked():
    def rule(answers, ctx):  # 채점 코드가 금지 함수를 써도 괜찮습니다
        expected = torch.cosine_similarity(torch.ones(2), torch.tensor([1.0, 0.0]), dim=0).item()
        return None if math.isclose(answers["cos"](torch.ones(2), torch.tensor([1.0, 0.0])), expected) else "다름"

    custom = Custom(name="c", title="규칙", reads="cos", rule=rule, forbidden=COSINE.forbidden,
                    solution=COSINE.solution, wrong=COSINE.wrong)
    assert _evaluate(COSINE.solution, custom).status == "correct"
    assert _evaluate(COSINE.solution).status == "correct"


@pytest.mark.parametrize("code", [
    "def cos(u, v):\n    torch.cosine_similarity(u, v, dim=0)\n    raise ValueError('학생 오류')",
    "def cos(u, v):\n    while True:\n        pass",
    "def cos(u, v):\n    raise ValueError('학생 오류')",
])
def test_everything_is_restored_after_any_outcome(code):
    originals = (torch.cosine_similarity, F.cosine_similarity, torch.nn.CosineSimilarity.__init__,
                 torch.nn.CosineSimilarity.forward, torch.Tensor.dot)
    assert _evaluate(code).status == "incorrect"
    assert (torch.cosine_similarity, F.cosine_similarity, torch.nn.CosineSimilarity.__init__,
            torch.nn.CosineSimilarity.forward, torch.Tensor.dot) == originals
    assert "dot" not in vars(torch.Tensor) and STATE.active == 0
    assert torch.cosine_similarity(torch.ones(2), torch.ones(2), dim=0).item() == pytest.approx(1.0)


def test_lazy_package_names_are_blocked_and_then_removed_again():
    import bertlab.attention as attention

    problem = Function(name="split", title="헤드", reads="split", setup=_ctx, forbidden=["bertlab.attention.split_heads"],
                       random_inputs=lambda rng, ctx: (torch.zeros(1, 2, 4), 2),
                       solution="def split(x, h):\n    return x.view(1, 2, h, 4 // h).transpose(1, 2)",
                       wrong=["def split(x, h):\n    return x"])
    code = "def split(x, h):\n    import bertlab.attention\n    return bertlab.attention.split_heads(x, h)"
    assert SAYS in _evaluate(code, problem).message
    assert "split_heads" not in vars(attention), "게으른 불러오기 자리는 원래처럼 비어 있어야 합니다"


def test_value_answers_are_read_from_the_code_that_made_them():
    problem = Value(name="total", title="합", reads="total", setup=_ctx, expected=6,
                    forbidden={"builtins.sum": "sum"}, solution="total = 1 + 2 + 3", wrong=["total = 5"])
    assert SAYS in _evaluate("numbers = [1, 2, 3]\ntotal = sum(numbers)", problem).message
    assert SAYS in _evaluate("add = sum\nnumbers = [1, 2, 3]\ntotal = add(numbers)", problem).message
    checked = "total = 1 + 2 + 3\nprint(sum([1, 2, 3]) == total)"  # 확인용 print는 답에 흘러들지 않음
    assert _evaluate(checked, problem).status == "correct"


def test_tensor_answer_made_by_calling_a_forbidden_model_instance_is_refused():
    problem = Tensor(name="y", title="선형", reads="y", setup=lambda: {"torch": torch, "layer": torch.nn.Linear(2, 2)},
                     expected=lambda ctx: ctx["layer"](torch.ones(2)).detach(),
                     forbidden={"torch.nn.Linear": "nn.Linear"},
                     solution="y = (layer.weight @ torch.ones(2) + layer.bias).detach()", wrong=["y = torch.ones(2)"])
    assert _evaluate(problem.solution, problem).status == "correct"
    assert SAYS in _evaluate("y = layer(torch.ones(2)).detach()", problem).message


def test_live_check_blocks_delegation_too(capsys):
    register_bank("t9", [COSINE])
    try:
        (q1,) = lesson_exercises("t9")

        def cos(u, v):
            return torch.cosine_similarity(u, v, dim=0).item()

        q1.check()
        assert SAYS in capsys.readouterr().out
    finally:
        unregister_bank("t9")


def test_live_check_reads_the_cell_that_made_a_value_answer(capsys):
    from IPython.core.interactiveshell import InteractiveShell

    total = Value(name="total", title="합", reads="total", expected=6, forbidden={"builtins.sum": "sum"},
                  solution="total = 1 + 2 + 3", wrong=["total = 5"])
    register_bank("t8", [total])
    shell = InteractiveShell.instance()
    try:
        for code in ["from bertlab.exercises import lesson_exercises\n(q1,) = lesson_exercises('t8')",
                     "numbers = [1, 2, 3]\ntotal = sum(numbers)", "q1.check()",
                     "total = 1 + 2 + 3\nprint(total == sum(numbers))", "q1.check()"]:
            shell.run_cell(code, store_history=True)
    finally:
        InteractiveShell.clear_instance()
        unregister_bank("t8")
    out = capsys.readouterr().out
    assert "이 문제는 `sum` 없이 직접 구현해 보세요" in out and "[정답]" in out.split("True")[-1]


def test_unknown_paths_resolve_to_nothing_instead_of_crashing():
    assert resolve("no_such_library.function") is None
    assert resolve("torch.no_such_function") is None
    assert resolve("torch.nn.functional.cross_entropy").kind == "function"
    assert resolve("torch.nn.CrossEntropyLoss").kind == "class"
    assert resolve("torch.Tensor.softmax").kind == "method"
