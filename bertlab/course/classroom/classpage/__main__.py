"""``python -m bertlab.course.classroom.classpage``: 허브가 띄우는 반 현황 서비스(``server.main``)."""

from bertlab.course.classroom.classpage.server import main

main()
