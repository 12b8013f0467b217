# Django's Arabic formats set no date-time format (so English's US one was used) and put a Latin comma or a
# right-to-left mark between the parts; these follow the English ones with the Arabic comma and no marks.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y، H:i"
# The separators Babel uses for Arabic with Latin digits, so that numbers read like the prices beside them.
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
