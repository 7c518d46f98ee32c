"""English input formats: ISO first, as in zh-hans (Django's own already do; kept explicit)."""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2006-10-25' — rendered in date inputs
    "%m/%d/%Y",  # '10/25/2006'
    "%m/%d/%y",  # '10/25/06'
]
