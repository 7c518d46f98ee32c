"""greenmfg: the platform for China's green-manufacturing gradient cultivation system.

绿色制造梯度培育及管理平台。Apache-2.0; shipped data keeps its own licence (see README).
"""

__version__ = "0.1.0"

try:  # Celery is optional at import time for tools that only read the package
    from greenmfg.celery import app as celery_app  # noqa: F401
except ImportError:  # pragma: no cover
    celery_app = None
