"""``python -m bertlab``의 입구. 실제 내용은 ``bertlab.cli``에 있습니다."""

import sys

from bertlab.cli import main

sys.exit(main())
