"""데이터셋의 공개 형식 읽기(``bertlab.datasets.formats``): 맞는 파일은 예제로, 틀린 파일은 몇째 줄이 왜 틀렸는지
한국어로(traceback 없이). ``finetune --train-file``과 ``evaluate --eval-file``이 이 함수로 읽습니다."""

from __future__ import annotations

import pytest

from bertlab.datasets import read_nsmc_tsv, write_nsmc_tsv
from bertlab.errors import BertlabError


def write(tmp_path, text: str | bytes, name: str = "reviews.tsv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def test_nsmc_file_round_trips_through_the_writer_with_tabs_folded(tmp_path):
    path = tmp_path / "out.tsv"
    write_nsmc_tsv(path, [(1, "좋다\t정말\n좋다", 1), ("7", "별로", 0)])
    assert path.read_text(encoding="utf-8").splitlines()[0] == "id\tdocument\tlabel"
    assert read_nsmc_tsv(path) == [("좋다 정말 좋다", 1), ("별로", 0)]


def test_nsmc_reader_skips_header_blank_lines_and_empty_reviews_and_reads_a_bom(tmp_path):
    path = write(tmp_path, "\ufeffid\tdocument\tlabel\n1\t재밌다 ㅋㅋ 😀\t1\n\n2\t \t0\n3\t漢字 리뷰\t0\r\n")
    assert read_nsmc_tsv(path) == [("재밌다 ㅋㅋ 😀", 1), ("漢字 리뷰", 0)]
    assert read_nsmc_tsv(write(tmp_path, "5\t헤더 없는 파일\t1", "bare.tsv")) == [("헤더 없는 파일", 1)]


@pytest.mark.parametrize("content, line, words", [
    ("id\tdocument\tlabel\n1\t좋다\t1\n2\t나쁘다\n", 3, "칸이 3개"),
    ("id\tdocument\tlabel\n1\t좋다\t1\n2\t나쁘다\t0\t덤\n", 3, "4개"),
    ("id\tdocument\tlabel\n1\t좋다\t긍정\n", 2, "0(부정)이나 1(긍정)"),
    ("id\tdocument\tlabel\n1\t좋다\t5\n", 2, "'5'"),
    ("text,label\n좋다,1\n", 1, "칸이 3개"),
])
def test_malformed_nsmc_lines_get_a_korean_error_naming_the_line(tmp_path, content, line, words):
    with pytest.raises(BertlabError) as caught:
        read_nsmc_tsv(write(tmp_path, content))
    assert f"reviews.tsv {line}번째 줄" in str(caught.value) and words in str(caught.value)


def test_unreadable_missing_and_empty_files_get_korean_errors(tmp_path):
    with pytest.raises(BertlabError, match="2번째 줄: UTF-8"):
        read_nsmc_tsv(write(tmp_path, "id\tdocument\tlabel\n".encode() + "1\t좋다\t1\n".encode("cp949")))
    with pytest.raises(BertlabError, match="파일이 없습니다"):
        read_nsmc_tsv(tmp_path / "nope.tsv")
    with pytest.raises(BertlabError, match="파일이 없습니다"):
        read_nsmc_tsv(tmp_path)  # 폴더
    with pytest.raises(BertlabError, match="읽을 리뷰가 하나도 없습니다"):
        read_nsmc_tsv(write(tmp_path, "id\tdocument\tlabel\n"))
