"""``python -m bertlab classroom <명령>``: 교실 서버(JupyterHub)의 강사용 명령. bertlab/cli.py가 부릅니다.

- ``prepare [--shared DIR] [--python PYTHON]``: 한 번 하는 준비(모두가 보는 커널, 모두가 함께 쓰는 오프라인 모델)
- ``handout [--to DIR]``: 레슨 노트북 나눠 주기(이미 있는 파일은 그대로). 학생 서버가 뜰 때 저절로 합니다.
- ``collect --lesson NN [--homes /home] [--students 이름…] [--out submissions]``: 제출물 모으기
- ``progress [--homes /home] [--students 이름…] [--lesson NN…] [--csv 파일]``: 반 진도 표(읽기만)

학생 홈은 ``--homes`` 아래의 폴더들(기본 ``/home``)이고, 그중 레슨 폴더(``bertlab-lessons/``)가 있는 홈을 학생으로 봅니다.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

from bertlab.course.classroom.distribute import HANDOUT_FOLDER
from bertlab.course.classroom.prepare import DEFAULT_SHARED
from bertlab.course.classroom.roster import DEFAULT_HOMES


def _add_roster_arguments(parser: Any) -> None:
    parser.add_argument("--homes", default=str(DEFAULT_HOMES), metavar="DIR",
                        help=f"학생 홈들이 있는 폴더(기본 {DEFAULT_HOMES})")
    parser.add_argument("--students", nargs="+", metavar="이름", help="이 학생들만(기본: 레슨 폴더가 있는 모든 홈)")


def add_arguments(parser: Any) -> None:
    """``classroom`` 하위 명령들의 인자를 argparse 파서에 더합니다."""
    sub = parser.add_subparsers(dest="classroom_command", required=True, metavar="하위명령")
    prepare = sub.add_parser("prepare", help="강사가 한 번: 모두가 보는 커널 등록, 함께 쓰는 오프라인 모델 준비")
    prepare.add_argument("--shared", default=str(DEFAULT_SHARED), metavar="DIR",
                         help=f"모든 학생이 읽는 폴더(기본 {DEFAULT_SHARED})")
    prepare.add_argument("--python", default=sys.executable, metavar="PYTHON",
                         help="학생 서버의 파이썬(기본: 지금 파이썬, 허브 설정의 BERTLAB_COURSE_PYTHON과 같게)")
    handout = sub.add_parser("handout", help="레슨 노트북을 나눠 줍니다(이미 있는 파일은 덮어쓰지 않음)")
    handout.add_argument("--to", default=str(Path.home() / HANDOUT_FOLDER), metavar="DIR",
                         help=f"받을 폴더(기본 ~/{HANDOUT_FOLDER})")
    collect = sub.add_parser("collect", help="학생마다 레슨 노트북을 제출 폴더로 복사합니다(원본은 그대로)")
    collect.add_argument("--lesson", required=True, metavar="NN", help="모을 레슨 번호(예: 05)")
    collect.add_argument("--out", default="submissions", metavar="DIR", help="제출 폴더(기본 submissions)")
    _add_roster_arguments(collect)
    progress = sub.add_parser("progress", help="학생들의 진도 파일로 반 진도 표를 만듭니다(읽기만)")
    progress.add_argument("--lesson", nargs="+", metavar="NN", help="이 레슨들만 칸으로(기본: 모든 레슨)")
    progress.add_argument("--csv", metavar="파일", help="표를 CSV로도 저장")
    _add_roster_arguments(progress)


def _students(args: Any) -> list:
    from bertlab.course.classroom.roster import find_students

    return find_students(args.homes, args.students)


def main(args: Any) -> int:
    """하위 명령을 실행합니다. 돌려주는 값은 종료 코드."""
    command = args.classroom_command
    if command == "prepare":
        from bertlab.course.classroom.prepare import prepare_classroom

        print("\n".join("✔ " + line for line in prepare_classroom(args.shared, args.python)))
        return 0
    if command == "handout":
        from bertlab.course.classroom.distribute import handout

        print(handout(args.to).summary())
        return 0
    students = _students(args)
    if not students:
        print(f"{args.homes} 아래에 레슨 폴더({HANDOUT_FOLDER}/)가 있는 학생 홈이 없습니다.")
        return 1
    if command == "collect":
        from bertlab.course.classroom.collect import collect_lesson

        result = collect_lesson(students, args.lesson, args.out)
        print(result.summary())
        if result.copied:
            print(f"채점: python -m bertlab grade {result.folder}/*.ipynb --lesson {result.folder.name} "
                  f"--out grades_{result.folder.name}.csv")
        return 0
    from bertlab.course.classroom.roster import class_progress, format_class_table

    lessons = [lesson.zfill(2) for lesson in args.lesson] if args.lesson else None
    header, rows = class_progress(students, lessons)
    print(format_class_table(header, rows))
    if args.csv:
        with open(args.csv, "w", encoding="utf-8-sig", newline="") as stream:
            csv.writer(stream).writerows([header] + rows)
        print(f"CSV로 저장했습니다: {args.csv}")
    return 0
