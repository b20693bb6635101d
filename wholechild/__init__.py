"""WholeChild: does this child need physical therapy, occupational therapy, or both?"""

__version__ = "0.1.0"
