"""One date style for the whole app (overrides Django's Dutch formats where they differ).

In running text a date is written out ("23 november 2026": `{{ d|date }}`), in tables, lists, diffs and
PDFs it is "23-11-2026" (`{{ d|date:"SHORT_DATE_FORMAT" }}`), with a time "23-11-2026 14:05". Python
code that writes a date into a text uses the same "%d-%m-%Y".
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
