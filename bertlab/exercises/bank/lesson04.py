"""레슨 04(입력 표현)의 연습 문제: 입력 ID·세그먼트·어텐션 마스크를 손으로 짜고, 임베딩 층의 출력을 세 표에서
다시 만들기.

노트북에서: ``q1, q2, q3, q4, q5, q6 = lesson_exercises("04")``
기대값은 손으로 적지 않습니다. 입력은 토크나이저가 만든 값, 임베딩은 모델이 실제로 계산한 값(LayerNorm에
들어가는 입력은 forward hook으로 엿본 값, 출력은 ``hidden_states[0]``)과 비교합니다.
"""

from functools import lru_cache

from bertlab.exercises import Case, Function, Quiz, Tensor, Value
from bertlab.exercises.bank.families import EMBEDDING_LAYER, EMBEDDING_TABLES, VOCAB_LOOKUP

SENTENCE_A = "The cat sat on the mat."
SENTENCE_B = "It looked very happy."
PAIR_LENGTH = 16
WORDS = ["the", "cat", "dog", "sat", "on", "mat", "bank", "river", "money", "happy", "playing", "embeddings",
         "paris", "love", "rewriting", "seoul", "tokenizer", "quickly", "jumped", "over"]


@lru_cache(maxsize=1)
def _loaded():
    from bertlab.models import load

    return load("en-encoder")


def _context():
    import torch

    from bertlab.tokenization import FrozenVocab

    model, tokenizer = _loaded()
    emb = model.embeddings
    batch = tokenizer(SENTENCE_A, SENTENCE_B, padding="max_length", max_length=PAIR_LENGTH, return_tensors="pt")
    return {
        "torch": torch, "model": model, "tokenizer": tokenizer, "vocab": FrozenVocab(tokenizer.get_vocab()),
        "batch": batch, "word_table": emb.word_embeddings.weight.detach(),
        "position_table": emb.position_embeddings.weight.detach(),
        "segment_table": emb.token_type_embeddings.weight.detach(), "layer_norm": emb.LayerNorm,
    }


def _paris_expected(ctx):
    enc = ctx["tokenizer"]("I love Paris", padding="max_length", max_length=7)
    return {"paris_ids": enc["input_ids"], "paris_mask": enc["attention_mask"]}


def _library_pair(tokens_a, tokens_b, vocab, max_length):
    """기대값: 조각을 단어로 되돌려 토크나이저에 직접 넣은 결과(조각은 영어 소문자 단어에서 나온 것)."""
    from bertlab.tokenization import merge_pieces

    tokenizer = _loaded().tokenizer
    text_b = None if tokens_b is None else " ".join(merge_pieces(tokens_b))
    enc = tokenizer(" ".join(merge_pieces(tokens_a)), text_b, padding="max_length", max_length=max_length)
    return {key: list(enc[key]) for key in ("input_ids", "token_type_ids", "attention_mask")}


def _pair_case(a, b, length, note=""):
    def args(ctx):
        tok = ctx["tokenizer"]
        return (tok.tokenize(a), None if b is None else tok.tokenize(b), ctx["vocab"], length)
    return Case(args=args, note=note)


def _random_pair(rng, ctx):
    tok = ctx["tokenizer"]
    a = tok.tokenize(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5))))
    b = tok.tokenize(" ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 5))))
    return (a, b, ctx["vocab"], len(a) + len(b) + 3 + rng.randint(0, 6))


def _layer_norm_input(ctx):
    """모델이 LayerNorm에 넣는 값(세 임베딩의 합)을 forward pre-hook으로 엿봅니다."""
    seen = {}
    emb = ctx["model"].embeddings
    handle = emb.LayerNorm.register_forward_pre_hook(lambda module, args: seen.setdefault("x", args[0].detach()))
    try:
        with ctx["torch"].no_grad():
            emb(input_ids=ctx["batch"]["input_ids"], token_type_ids=ctx["batch"]["token_type_ids"])
    finally:
        handle.remove()
    return seen["x"]


def _hidden_state_zero(ctx):
    with ctx["torch"].no_grad():
        out = ctx["model"](**ctx["batch"], output_hidden_states=True)
    return out.hidden_states[0]


PAIR_SOLUTION = '''def build_pair_inputs(tokens_a, tokens_b, vocab, max_length):
    tokens = ["[CLS]"] + tokens_a + ["[SEP]"]
    token_type_ids = [0] * len(tokens)
    if tokens_b is not None:
        tokens += tokens_b + ["[SEP]"]
        token_type_ids += [1] * (len(tokens_b) + 1)
    padding = max_length - len(tokens)
    return {
        "input_ids": [vocab[t] for t in tokens] + [vocab["[PAD]"]] * padding,
        "token_type_ids": token_type_ids + [0] * padding,
        "attention_mask": [1] * len(tokens) + [0] * padding,
    }'''

SUM_SOLUTION = '''ids = batch["input_ids"]                       # (1, T)
types = batch["token_type_ids"]                # (1, T)
positions = torch.arange(ids.shape[1])         # (T,)
summed = word_table[ids] + position_table[positions] + segment_table[types]   # (1, T, H)'''

REBUILT_SOLUTION = SUM_SOLUTION + '''
rebuilt = torch.nn.functional.layer_norm(summed, (summed.shape[-1],), layer_norm.weight, layer_norm.bias,
                                         layer_norm.eps)'''

PROBLEMS = [
    Value(
        name="paris_by_hand",
        title="I love Paris를 손으로",
        prompt="`I love Paris`를 길이 7로 패딩한 BERT 입력을 어휘 사전(`vocab`)만으로 만드세요. 입력 ID 리스트를 "
               "`paris_ids`에, 어텐션 마스크(진짜 토큰 1, 패딩 0)를 `paris_mask`에 넣습니다. 이 어휘는 소문자(uncased)입니다.",
        reads=("paris_ids", "paris_mask"),
        setup=_context,
        expected=_paris_expected,
        hints=["토큰은 `[CLS] i love paris [SEP] [PAD] [PAD]`입니다.",
               "`[vocab[t] for t in tokens]`처럼 어휘에서 ID를 찾습니다. 마스크는 `[1] * 5 + [0] * 2`."],
        solution='tokens = ["[CLS]", "i", "love", "paris", "[SEP]", "[PAD]", "[PAD]"]\n'
                 "paris_ids = [vocab[t] for t in tokens]\n"
                 "paris_mask = [1] * 5 + [0] * 2",
        wrong=['paris_ids = [vocab[t] for t in ["[CLS]", "i", "love", "paris", "[SEP]"]]\nparis_mask = [1] * 5',
               'paris_ids = [vocab[t] for t in ["[CLS]", "i", "love", "paris", "[SEP]", "[PAD]", "[PAD]"]]\n'
               "paris_mask = [1] * 7"],
        allows=VOCAB_LOOKUP,
        delegating=['encoded = tokenizer("I love Paris", padding="max_length", max_length=7)\n'
                    'paris_ids = encoded["input_ids"]\nparis_mask = encoded["attention_mask"]',
                    "from bertlab.embeddings import encode_by_hand\n\n"
                    'hand = encode_by_hand(["i", "love", "paris"], None, vocab, 7)\n'
                    "paris_ids, paris_mask = hand.input_ids, hand.attention_mask"],
        explanation="`[CLS]`=101, `i`=1045, `love`=2293, `paris`=3000, `[SEP]`=102, `[PAD]`=0. 패딩 자리는 마스크가 0이라 "
                    "다른 토큰이 어텐션으로 들여다보지 않습니다.",
    ),
    Function(
        name="build_pair_inputs",
        title="문장 쌍 입력 짜기",
        prompt="이미 WordPiece로 자른 두 문장 `tokens_a`, `tokens_b`(없으면 `None`), 어휘 `vocab`, 길이 `max_length`를 "
               "받아 `{'input_ids': [...], 'token_type_ids': [...], 'attention_mask': [...]}`를 돌려주는 "
               "`build_pair_inputs`를 완성하세요. 모양: `[CLS] A [SEP] B [SEP]` 뒤에 `[PAD]`. 세그먼트는 첫 `[SEP]`까지 "
               "0, 문장 B와 마지막 `[SEP]`은 1, 패딩은 0입니다. 채점은 토크나이저가 직접 만든 값과 비교합니다.",
        reads="build_pair_inputs",
        setup=_context,
        reference_function=_library_pair,
        cases=[
            _pair_case("the cat sat", "it was happy", 10, "짧은 문장 쌍"),
            _pair_case("I love Paris", None, 7, "한 문장(tokens_b=None)"),
            _pair_case("embeddings are fun", "rewriting is playing", 14, "## 조각이 있는 쌍"),
            _pair_case("the cat", "sat", 6, "패딩 없이 꽉 참"),
        ],
        random_inputs=_random_pair,
        n_random=20,
        hints=["먼저 토큰 리스트를 완성하세요: `['[CLS]'] + tokens_a + ['[SEP]']`, 문장 B가 있으면 `tokens_b + ['[SEP]']`를 더합니다.",
               "세그먼트 리스트도 같은 순서로 만듭니다: 앞부분은 0을 `len(...)`개, 뒷부분은 1을 `len(tokens_b) + 1`개.",
               "패딩 개수는 `max_length - len(tokens)`. ID는 `vocab['[PAD]']`, 세그먼트 0, 마스크 0으로 채웁니다."],
        solution=PAIR_SOLUTION,
        wrong=[PAIR_SOLUTION.replace("token_type_ids += [1] * (len(tokens_b) + 1)", "token_type_ids += [1] * len(tokens_b) + [0]"),
               PAIR_SOLUTION.replace('"attention_mask": [1] * len(tokens) + [0] * padding', '"attention_mask": [1] * max_length'),
               PAIR_SOLUTION.replace('tokens += tokens_b + ["[SEP]"]', 'tokens += ["[SEP]"] + tokens_b')],
        blank="def build_pair_inputs(tokens_a, tokens_b, vocab, max_length):\n    return ____",
        allows=VOCAB_LOOKUP,
        delegating=["from bertlab.embeddings import encode_by_hand\n\n"
                    "def build_pair_inputs(tokens_a, tokens_b, vocab, max_length):\n"
                    "    hand = encode_by_hand(tokens_a, tokens_b, vocab, max_length)\n"
                    "    return {'input_ids': hand.input_ids, 'token_type_ids': hand.token_type_ids,\n"
                    "            'attention_mask': hand.attention_mask}",
                    "def build_pair_inputs(tokens_a, tokens_b, vocab, max_length):\n"
                    "    text_b = None if tokens_b is None else tokenizer.convert_tokens_to_string(tokens_b)\n"
                    "    encoded = tokenizer(tokenizer.convert_tokens_to_string(tokens_a), text_b,\n"
                    "                        padding='max_length', max_length=max_length)\n"
                    "    return {key: encoded[key] for key in ('input_ids', 'token_type_ids', 'attention_mask')}"],
        explanation="BERT는 [SEP]과 세그먼트 번호 두 가지로 문장의 경계를 표시합니다. 두 번째 [SEP]은 문장 B 쪽(세그먼트 1)에 "
                    "속한다는 점이 자주 틀리는 곳입니다.",
    ),
    Tensor(
        name="embedding_sum",
        title="세 임베딩 더하기",
        prompt="`batch`(문장 쌍, 길이 16)의 토큰·위치·세그먼트 임베딩을 표 `word_table`, `position_table`, `segment_table`에서 "
               "꺼내 더한 값(LayerNorm **전**)을 `summed`에 넣으세요. 모양은 (1, 16, H)입니다. 채점은 모델이 LayerNorm에 "
               "실제로 넣는 값과 비교합니다.",
        reads="summed",
        setup=_context,
        expected=_layer_norm_input,
        hints=["표에서 행을 고르는 것은 인덱싱입니다: `word_table[batch['input_ids']]`의 모양은 (1, 16, H).",
               "위치 번호는 0부터 T-1까지입니다: `torch.arange(T)`. 세그먼트는 `batch['token_type_ids']`로 고릅니다."],
        solution=SUM_SOLUTION,
        wrong=['summed = word_table[batch["input_ids"]] + segment_table[batch["token_type_ids"]]',
               'summed = word_table[batch["input_ids"]] + position_table[torch.arange(16)]'],
        allows=EMBEDDING_TABLES,
        delegating=["from bertlab.embeddings import embedding_tables, sum_embeddings\n\n"
                    'summed = sum_embeddings(embedding_tables(model), batch["input_ids"], batch["token_type_ids"])'],
        explanation="임베딩 층의 첫 단계는 세 표에서 한 행씩 골라 더하는 것뿐입니다. 더하기라서 순서는 상관없습니다.",
    ),
    Tensor(
        name="embedding_layer_output",
        title="임베딩 층 출력 다시 만들기",
        prompt="`summed`에 임베딩 층의 LayerNorm(`layer_norm`: weight, bias, eps)을 적용해 `rebuilt`에 넣으세요. "
               "모델의 `hidden_states[0]`(eval 모드)과 같아야 합니다.",
        reads="rebuilt",
        setup=_context,
        expected=_hidden_state_zero,
        hints=["`layer_norm(summed)`처럼 모듈을 그대로 불러도 되고, "
               "`torch.nn.functional.layer_norm(summed, (H,), weight, bias, eps)`로 직접 써도 됩니다.",
               "드롭아웃은 eval 모드에서 아무 일도 하지 않으니 따로 할 일이 없습니다."],
        solution=REBUILT_SOLUTION,
        wrong=[SUM_SOLUTION + "\nrebuilt = summed",
               SUM_SOLUTION + "\nrebuilt = (summed - summed.mean(-1, keepdim=True)) / summed.std(-1, keepdim=True)"],
        allows=EMBEDDING_LAYER,
        delegating=['with torch.no_grad():\n'
                    '    rebuilt = model.embeddings(input_ids=batch["input_ids"],\n'
                    '                               token_type_ids=batch["token_type_ids"])',
                    "with torch.no_grad():\n"
                    "    rebuilt = model(**batch, output_hidden_states=True).hidden_states[0]"],
        explanation="LayerNorm은 위치마다 H개 값의 평균을 빼고 표준편차로 나눈 뒤 학습된 배율 γ(`weight`)를 곱하고 이동 β(`bias`)를 "
                    "더합니다. 배율과 이동을 빠뜨리면 모양은 맞아도 값이 다릅니다.",
    ),
    Quiz(
        name="too_long",
        title="토큰 600개를 넣으면?",
        prompt="BERT-Base(위치 임베딩 512개)에 잘라 내지 않은 토큰 600개짜리 입력을 그대로 넣으면 어떻게 됩니까?",
        reads="answer_too_long",
        choices=["512번째 이후 위치는 자동으로 0번 위치를 다시 쓴다",
                 "위치 임베딩 표에 513번째 행이 없어 오류가 난다",
                 "앞의 512개만 자동으로 쓰고 나머지는 버린다",
                 "위치 임베딩 없이 토큰 임베딩만 쓴다"],
        answer=2,
        feedback={1: "BERT의 위치 임베딩은 학습된 표라서 되풀이되는 규칙이 없습니다.",
                  3: "모델은 스스로 자르지 않습니다. 토크나이저에서 `truncation=True`로 잘라야 합니다.",
                  4: "위치 정보 없이는 토큰의 순서를 구별할 수 없습니다. 모델이 그렇게 하지 않습니다."},
        hints=["`position_table.shape`를 출력해 보세요."],
        explanation="위치 임베딩은 512행짜리 학습된 표라서 512보다 긴 입력은 표 밖을 가리키고 `IndexError`가 납니다. "
                    "그래서 토크나이저에서 `truncation=True, max_length=512`로 미리 자릅니다.",
    ),
    Quiz(
        name="padding_embedding",
        title="패딩 자리의 임베딩",
        prompt="`[PAD]` 자리에서 임베딩 층(LayerNorm 뒤)이 내는 벡터는 어떻습니까?",
        reads="answer_padding",
        choices=["0이 아닌 벡터다. 다른 토큰이 패딩을 보지 않게 막는 것은 attention_mask다",
                 "모든 값이 0인 벡터다",
                 "임베딩 층이 그 자리를 건너뛰어 출력 길이가 짧아진다"],
        answer=1,
        feedback={2: "[PAD] 행만 0에 가깝게 학습될 수는 있어도 위치·세그먼트 임베딩이 더해지고 LayerNorm까지 거치므로 0이 아닙니다.",
                  3: "출력 길이는 입력 길이와 같습니다. 패딩도 자리를 차지합니다."},
        hints=["위젯에서 패딩 길이를 늘리고 [PAD] 자리의 열지도를 보세요."],
        explanation="임베딩 층은 마스크를 보지 않습니다. 패딩 자리에도 [PAD] 토큰 + 위치 + 세그먼트의 합이 LayerNorm을 거쳐 "
                    "나오고, 어텐션 층에서 attention_mask가 그 자리에 아주 큰 음수를 더해 무시하게 만듭니다(레슨 05).",
    ),
]
