"""다의어·동음이의어 분석: 같은 단어의 문맥 벡터가 뜻에 따라 갈라지는지 층마다 잽니다(레슨 09).

입력은 ``bertlab.embeddings.word_extraction.word_vectors``가 꺼낸 (N, L+1, H) 벡터와 문장마다의 뜻 레이블입니다.

- ``sense_similarity``: 층마다 같은 뜻끼리(within)와 다른 뜻끼리(across)의 평균 코사인 유사도
- ``nearest_neighbour_accuracy``: 나머지 문장 중 가장 가까운 문장의 뜻으로 맞히기(leave-one-out)
- ``project_2d``: 주성분 분석(PCA)으로 2차원에 펼치기
- ``center=True``: 단어의 평균 벡터를 빼고 잽니다. 문맥 벡터는 모두 한쪽으로 쏠려 있어(비등방성,
  anisotropy; Ethayarajh 2019) 아무 두 벡터나 코사인이 높게 나오는데, 평균을 빼면 그 공통 성분이 사라져
  뜻의 차이가 코사인에 드러납니다.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bertlab.errors import InputError, josa


def normalize(x: np.ndarray) -> np.ndarray:
    """마지막 축을 길이 1로 맞춥니다(영벡터는 그대로)."""
    norm = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.where(norm == 0, 1.0, norm)


def cosine_matrix(x: np.ndarray) -> np.ndarray:
    """(N, H) -> (N, N) 코사인 유사도 행렬."""
    unit = normalize(np.asarray(x, dtype=np.float64))
    return unit @ unit.T


def center(vectors: np.ndarray) -> np.ndarray:
    """문장 축(0번 축)의 평균을 뺍니다. (N, L+1, H)이면 층마다 따로 뺍니다."""
    vectors = np.asarray(vectors, dtype=np.float64)
    return vectors - vectors.mean(axis=0, keepdims=True)


def _check(vectors, senses) -> tuple[np.ndarray, np.ndarray]:
    vectors = np.asarray(vectors, dtype=np.float64)
    senses = np.asarray(senses)
    if vectors.ndim != 3:
        raise InputError(f"벡터는 (문장 수, 층 수, 은닉 크기) 모양이어야 합니다. 받은 모양: {vectors.shape}")
    if len(senses) != len(vectors):
        raise InputError(f"뜻 레이블({len(senses)}개)과 벡터({len(vectors)}개)의 개수가 다릅니다.")
    if len(set(senses.tolist())) < 2:
        raise InputError("뜻이 두 가지 이상이어야 비교할 수 있습니다. 다른 뜻의 문장을 더 넣어 주세요.")
    return vectors, senses


@dataclass(frozen=True)
class SenseSimilarity:
    """층마다의 평균 코사인. ``within``, ``across``: (L+1,)."""

    within: np.ndarray
    across: np.ndarray

    @property
    def gap(self) -> np.ndarray:
        return self.within - self.across


def sense_similarity(vectors, senses, *, center_first: bool = False) -> SenseSimilarity:
    """같은 뜻끼리 / 다른 뜻끼리 평균 코사인을 층마다 잽니다. vectors: (N, L+1, H)."""
    vectors, senses = _check(vectors, senses)
    if center_first:
        vectors = center(vectors)
    same = senses[:, None] == senses[None, :]                    # (N, N)
    off_diagonal = ~np.eye(len(senses), dtype=bool)
    if not (same & off_diagonal).any():
        raise InputError("같은 뜻의 문장이 두 개 이상 있어야 '같은 뜻끼리' 유사도를 잴 수 있습니다.")
    within, across = [], []
    for layer in range(vectors.shape[1]):
        sims = cosine_matrix(vectors[:, layer])                   # (N, N)
        within.append(sims[same & off_diagonal].mean())
        across.append(sims[~same].mean())
    return SenseSimilarity(np.array(within), np.array(across))


def nearest_neighbour_accuracy(vectors, senses, *, center_first: bool = False) -> np.ndarray:
    """각 문장을 나머지 문장 중 가장 가까운(코사인) 문장의 레이블로 분류한 정확도, 층마다 (L+1,).

    레이블은 뜻이 아니어도 됩니다. 예를 들어 ``surface_forms``(조사까지 붙은 어절)를 주면 벡터가 조사를 얼마나
    담는지 잴 수 있습니다.
    """
    vectors, senses = _check(vectors, senses)
    if center_first:
        vectors = center(vectors)
    accuracy = []
    for layer in range(vectors.shape[1]):
        sims = cosine_matrix(vectors[:, layer])
        np.fill_diagonal(sims, -np.inf)                            # 자기 자신은 빼고
        accuracy.append(float((senses[sims.argmax(axis=1)] == senses).mean()))
    return np.array(accuracy)


def surface_forms(spans) -> list[str]:
    """단어가 든 어절(띄어쓰기 단위, 문장 부호 뺌). ``눈이``, ``눈을``처럼 조사까지 붙은 겉모양."""
    forms = []
    for span in spans:
        start = span.text.rfind(" ", 0, span.start) + 1
        end = span.text.find(" ", span.end)
        forms.append(span.text[start:end if end >= 0 else None].strip(".,!?\"'()[]"))
    return forms


def chance_nearest_neighbour(senses) -> float:
    """뜻을 모르는 모델이 아무 이웃이나 고를 때의 기대 정확도(하나씩 빼고 평가할 때).

    뜻마다 n_s개, 모두 N개면 sum_s (n_s / N) * (n_s - 1) / (N - 1). 8개씩 두 뜻이면 7/15 ≈ 0.47.
    """
    _, counts = np.unique(np.asarray(senses), return_counts=True)
    total = counts.sum()
    if total < 2:
        raise InputError("문장이 두 개 이상 있어야 합니다.")
    return float((counts * (counts - 1)).sum() / (total * (total - 1)))


def classify_by_nearest(queries: np.ndarray, references: np.ndarray, reference_senses) -> list:
    """질의 벡터 (M, H)마다 가장 가까운 참조 벡터 (N, H)의 뜻을 돌려줍니다."""
    queries, references = normalize(np.atleast_2d(queries)), normalize(np.atleast_2d(references))
    nearest = (queries @ references.T).argmax(axis=1)              # (M,)
    return [list(reference_senses)[i] for i in nearest]


def project_2d(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """PCA: (N, H) -> 좌표 (N, 2)와 두 축이 설명하는 분산 비율 (2,). 점이 하나뿐이어도 동작합니다."""
    x = np.asarray(x, dtype=np.float64)
    x = x - x.mean(axis=0, keepdims=True)
    if len(x) < 2 or not np.any(x):
        return np.zeros((len(x), 2)), np.zeros(2)
    _, singular, vt = np.linalg.svd(x, full_matrices=False)
    coords = x @ vt[:2].T                                          # (N, k<=2)
    if coords.shape[1] < 2:
        coords = np.pad(coords, ((0, 0), (0, 2 - coords.shape[1])))
    ratio = singular[:2] ** 2 / (singular ** 2).sum()
    return coords, np.pad(ratio, (0, 2 - len(ratio)))


def average_token_similarity(lm, sentences, *, cache=None, max_tokens: int = 400, seed: int = 0) -> np.ndarray:
    """서로 다른 토큰끼리의 평균 코사인, 층마다 (L+1,). 이방성의 기준선입니다(Ethayarajh 2019).

    문장들 속 모든 토큰 벡터(특수 토큰 제외)를 모아, 조각 문자열이 다른 쌍끼리의 코사인을 평균합니다.
    벡터가 공간에 고르게 퍼져 있다면 0 가까이 나와야 합니다.
    """
    from bertlab.embeddings.word_extraction import DEFAULT_CACHE

    encoded = (DEFAULT_CACHE if cache is None else cache).encode(lm, list(sentences))
    states, pieces = [], []
    for enc in encoded:
        for index, (start, end) in enumerate(enc.offsets):
            if start < end:
                states.append(enc.states[:, index])                  # (L+1, H)
                pieces.append(enc.pieces[index].lstrip("▁#").lower())
    if len(states) < 2:
        raise InputError("토큰이 두 개 이상 있어야 평균 유사도를 잴 수 있습니다.")
    chosen = np.random.default_rng(seed).permutation(len(states))[:max_tokens]
    stacked = np.stack([states[i] for i in chosen], axis=1)          # (L+1, M, H)
    labels = np.array([pieces[i] for i in chosen])
    different = labels[:, None] != labels[None, :]                    # (M, M)
    return np.array([cosine_matrix(layer)[different].mean() for layer in stacked])


@dataclass(frozen=True)
class WordReport:
    """단어 하나의 결과: 층별 유사도, 층별 최근접 이웃 정확도, 우연 수준."""

    similarity: SenseSimilarity
    nn_accuracy: np.ndarray
    chance: float


@dataclass(frozen=True)
class HomonymReport:
    """여러 단어의 결과. ``per_word``: {단어: WordReport}; 나머지는 단어별 값의 평균."""

    per_word: dict
    similarity: SenseSimilarity
    nn_accuracy: np.ndarray
    chance: float


def analyse_homonyms(lm, examples, *, center_first: bool = False, cache=None) -> HomonymReport:
    """``bertlab.datasets.load_homonyms()``의 예문들을 단어별로 분석해 평균을 냅니다(레슨 09)."""
    from bertlab.embeddings.word_extraction import word_vectors

    groups: dict[str, list] = {}
    for example in examples:
        groups.setdefault(example.word, []).append(example)
    if not groups:
        raise InputError("분석할 예문이 없습니다.")
    per_word = {}
    for word, rows in groups.items():
        vectors = word_vectors(lm, [r.sentence for r in rows], word, cache=cache).vectors
        senses = [r.sense for r in rows]
        per_word[word] = WordReport(sense_similarity(vectors, senses, center_first=center_first),
                                    nearest_neighbour_accuracy(vectors, senses, center_first=center_first),
                                    chance_nearest_neighbour(senses))
    reports = list(per_word.values())
    similarity = SenseSimilarity(np.mean([r.similarity.within for r in reports], axis=0),
                                 np.mean([r.similarity.across for r in reports], axis=0))
    return HomonymReport(per_word, similarity, np.mean([r.nn_accuracy for r in reports], axis=0),
                         float(np.mean([r.chance for r in reports])))


# ---- 다의어 탐색기(위젯 ``bertlab.widgets.polysemy_explorer``의 계산) ------------------------------

MAX_EXPLORER_SENTENCES = 40


def parse_labeled_lines(text: str) -> tuple[list[str], list[str]]:
    """한 줄에 문장 하나. ``레이블 | 문장``처럼 쓰면 레이블(뜻)이 붙습니다. 빈 줄은 건너뜁니다.

    돌려주는 값: (레이블 목록, 문장 목록). 레이블이 없는 줄의 레이블은 ``"?"``.
    """
    labels, sentences, _ = parse_numbered_lines(text)
    return labels, sentences


def parse_numbered_lines(text: str) -> tuple[list[str], list[str], list[int]]:
    """``parse_labeled_lines``와 같고, 입력 상자의 줄 번호(1부터, 빈 줄도 셈)를 함께 돌려줍니다."""
    if not isinstance(text, str):
        raise InputError("문장 목록은 문자열이어야 합니다(한 줄에 한 문장).")
    labels, sentences, numbers = [], [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        numbers.append(number)
        label, bar, sentence = line.partition("|")
        if bar and label.strip() and sentence.strip():
            labels.append(label.strip())
            sentences.append(sentence.strip())
        else:
            labels.append("?")
            sentences.append(line.strip())
    return labels, sentences, numbers


@dataclass(frozen=True)
class ExplorerView:
    """탐색기 한 화면: 2차원 좌표 (N, 2), 코사인 행렬 (N, N), 레이블, 문장별 조각, 한국어 안내.

    ``line_numbers``: 점마다 입력 상자의 줄 번호. 그림의 점 번호와 안내의 "N번째 줄"이 같은 번호를 씁니다.
    """

    coords: np.ndarray
    explained: np.ndarray
    similarity: np.ndarray
    labels: list[str]
    sentences: list[str]
    pieces: list[list[str]]
    layer: int
    num_layers: int
    notices: list[str]
    line_numbers: list[int]


def explore(lm, text: str, word: str, layer: int, *, center_first: bool = False, cache=None) -> ExplorerView:
    """학생이 쓴 문장들에서 ``word``의 벡터를 ``layer`` 층에서 꺼내 PCA 좌표와 유사도를 냅니다.

    은닉 상태는 캐시되므로 같은 문장으로 층만 바꾸면 모델을 다시 돌리지 않습니다.
    단어가 없는 문장은 빼고 안내에 적습니다.
    """
    from bertlab.embeddings.word_extraction import check_text, locate_word, word_vectors

    labels, sentences, numbers = parse_numbered_lines(text)
    if not sentences:
        raise InputError("문장이 없습니다. 한 줄에 한 문장씩 입력해 주세요.")
    word = check_text(word, "찾을 단어").strip()
    notices = []
    if len(sentences) > MAX_EXPLORER_SENTENCES:
        notices.append(f"문장이 {len(sentences)}개라 앞의 {MAX_EXPLORER_SENTENCES}개만 씁니다.")
        labels, sentences = labels[:MAX_EXPLORER_SENTENCES], sentences[:MAX_EXPLORER_SENTENCES]
    kept, problems, missing = [], [], 0
    for index, sentence in enumerate(sentences):
        try:
            check_text(sentence, f"{numbers[index]}번째 줄")    # 길이부터: 긴 줄을 "단어 없음"으로 잘못 알리지 않게
        except InputError as exc:
            problems.append(exc.message)
            continue
        try:
            locate_word(sentence, word)
            kept.append(index)
        except InputError as exc:
            missing += 1
            problems.append(f"{numbers[index]}번째 줄을 뺐습니다: {exc.message}")
    notices += problems
    if not kept:
        if missing == len(problems):
            raise InputError(f"{josa(repr(word), '이/가')} 들어 있는 문장이 하나도 없습니다.",
                             hint="한 줄에 한 문장씩 쓰고, 찾을 단어를 문장 속 표기 그대로 적어 주세요.")
        raise InputError("쓸 수 있는 문장이 하나도 없습니다. " + " ".join(problems[:3]),
                         hint="한 줄에 한 문장씩, 줄마다 1,000자 이하로 써 주세요.")
    labels = [labels[i] for i in kept]
    sentences = [sentences[i] for i in kept]
    numbers = [numbers[i] for i in kept]
    vectors = word_vectors(lm, sentences, word, cache=cache)
    if not isinstance(layer, (int, np.integer)) or not 0 <= layer <= vectors.num_layers:
        raise InputError(f"층 번호는 0부터 {vectors.num_layers}까지입니다(받은 값: {layer!r}).")
    at_layer = vectors.vectors[:, layer]                           # (N, H)
    if center_first:
        if len(sentences) < 3:
            notices.append("평균 빼기는 문장이 세 개 이상일 때 의미가 있습니다.")
        at_layer = at_layer - at_layer.mean(axis=0, keepdims=True)
    coords, explained = project_2d(at_layer)
    if len(sentences) == 1:
        notices.append("문장이 하나뿐이라 비교할 대상이 없습니다. 문장을 더 넣어 보세요.")
    return ExplorerView(coords, explained, cosine_matrix(at_layer), labels, sentences, vectors.pieces,
                        int(layer), vectors.num_layers, notices, numbers)
