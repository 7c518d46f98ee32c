"""zh-hans input formats: ISO first (what ``<input type="date">`` accepts), then Django's own."""

DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2016-09-05' — rendered in date inputs
    "%Y/%m/%d",  # '2016/09/05'
    "%Y年%m月%d日",  # '2016年9月5日'
]

DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",  # '2016-09-05 20:45:29' — rendered (datetime-local accepts it)
    "%Y-%m-%d %H:%M",  # '2016-09-05 20:45'
    "%Y-%m-%d %H:%M:%S.%f",  # '2016-09-05 20:45:29.000200'
    "%Y/%m/%d %H:%M",  # '2016/09/05 20:45'
    "%Y/%m/%d %H:%M:%S",  # '2016/09/05 20:45:29'
    "%Y年%m月%d日 %H:%M",  # '2016年9月5日 20:45'
    "%Y年%m月%d日 %H:%M:%S",  # '2016年9月5日 20:45:29'
]
