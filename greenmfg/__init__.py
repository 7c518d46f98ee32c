"""greenmfg: the platform for China's green-manufacturing gradient cultivation system.

绿色制造梯度培育及管理平台。Apache-2.0; shipped data keeps its own licence (see README).
"""

__version__ = "0.1.0"
