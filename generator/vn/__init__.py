"""Vietnamese text, numbers, dates and working days."""
