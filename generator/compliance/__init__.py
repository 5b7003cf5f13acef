"""The compliance engine: dated legal rules as data, evaluated against the records as of a date."""
